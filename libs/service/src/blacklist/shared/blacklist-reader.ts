import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { chinaDate } from '@cluebus/domain';
import type { SqlClient } from '@cluebus/eventstore';
import { BLACKLIST_SCHEMA, queryBlacklist, queryBlacklistChanges, type BlacklistChange, type BlacklistFilter, type BlacklistRow } from '@cluebus/projections';
import { CLOCK, type Clock } from '../../clues/overdue/clock';
import { SQL_CLIENT } from '../../runtime/tokens';

/**
 * Reads the blacklist for the API in every process, whichever process runs the `blacklist`
 * singleton that writes it (so the tables are set up here too). "Today" is the China date by
 * the Clock the expiry scheduler uses, so a listing and the recorded expiry agree.
 */
@Injectable()
export class BlacklistReader implements OnModuleInit {
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
    return queryBlacklist(this.sql, filter);
  }

  changes(since: number, limit: number): Promise<BlacklistChange[]> {
    return queryBlacklistChanges(this.sql, since, limit);
  }
}
