import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { chinaDate } from '@cluebus/domain';
import { GroupWriter, type SqlClient } from '@cluebus/eventstore';
import { BLACKLIST_SCHEMA, queryBlacklist, queryBlacklistByKeys, queryBlacklistChanges, type BlacklistChange, type BlacklistFilter, type BlacklistKeyLookup, type BlacklistRow } from '@cluebus/projections';
import { CLOCK, type Clock } from '../../clues/overdue/clock';
import { SQL_CLIENT } from '../../runtime/tokens';

/**
 * Reads the blacklist for the API in every process, whichever process runs the `blacklist`
 * singleton that writes it (so the tables are set up here too). "Today" is the China date by
 * the Clock the expiry scheduler uses, so a listing and the recorded expiry agree.
 */
@Injectable()
export class BlacklistReader implements OnModuleInit {
  /** Lookups by USCC or ID token that arrive while one statement is in flight go together in the next. */
  private readonly byKey = new GroupWriter<BlacklistKeyLookup, BlacklistRow[]>((lookups) => queryBlacklistByKeys(this.sql, lookups), 256);

  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.sql.exec(BLACKLIST_SCHEMA);
  }

  today(): string {
    return chinaDate(this.clock.now());
  }

  rows(filter: BlacklistFilter): Promise<BlacklistRow[]> {
    const key = keyLookup(filter);
    return key ? this.byKey.submit(key) : queryBlacklist(this.sql, filter);
  }

  changes(since: number, limit: number): Promise<BlacklistChange[]> {
    return queryBlacklistChanges(this.sql, since, limit);
  }
}

/** A lookup of one subject by one key (what procurement platforms send), or undefined for a listing or a name search. */
function keyLookup({ uscc, idToken, name, asOf }: BlacklistFilter): BlacklistKeyLookup | undefined {
  if (name !== undefined) return undefined;
  if (uscc !== undefined && idToken === undefined) return { uscc, asOf };
  if (idToken !== undefined && uscc === undefined) return { idToken, asOf };
  return undefined;
}
