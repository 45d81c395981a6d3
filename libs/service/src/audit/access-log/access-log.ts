import { Inject, Injectable } from '@nestjs/common';
import { GroupWriter, type SqlClient } from '@cluebus/eventstore';
import type { AccessEntryDto } from '@cluebus/contracts';
import type { Principal } from '../../auth/principal';
import type { IdTokenizer } from '../../identity/id-tokenizer';
import { SQL_CLIENT } from '../../runtime/tokens';

/**
 * cluebus_access_log: one row per read by an investigator or an auditor, written BEFORE the
 * data is served — if it cannot be written, nothing is served. Append-only like the checkpoints
 * (the same trigger refuses UPDATE, DELETE and TRUNCATE). It is a table of its own rather than
 * events in the global log, so reads neither travel the bus nor wake projections (ADR 0005).
 */
export const ACCESS_LOG_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS cluebus_access_log (
     id              bigserial   PRIMARY KEY,
     at              timestamptz NOT NULL DEFAULT now(),
     role            text        NOT NULL,
     actor           text        NOT NULL,
     key_fingerprint text        NOT NULL,
     method          text        NOT NULL,
     route           text        NOT NULL,
     target          jsonb       NOT NULL
   )`,
  `CREATE OR REPLACE TRIGGER cluebus_access_log_append_only
     BEFORE UPDATE OR DELETE ON cluebus_access_log FOR EACH ROW EXECUTE FUNCTION cluebus_refuse_change()`,
  `CREATE OR REPLACE TRIGGER cluebus_access_log_no_truncate
     BEFORE TRUNCATE ON cluebus_access_log FOR EACH STATEMENT EXECUTE FUNCTION cluebus_refuse_change()`,
];

export interface AccessRecord {
  principal: Principal;
  method: string;
  /** The route pattern, e.g. /v1/clues/:id/history. */
  route: string;
  /** Route parameters and query: what was read. */
  target: Record<string, unknown>;
}

/**
 * Writes the rows in groups: while one INSERT is in flight, the records that arrive wait and go
 * together in the next one (a row per statement and commit made the log, not the lookup, the
 * cost of an auditor's query). Each caller still resolves only once its own row is committed,
 * with its own id — nothing is served before it is recorded.
 */
@Injectable()
export class AccessLog {
  private readonly rows = new GroupWriter<AccessRecord, number>((records) => this.insert(records), MAX_GROUP);

  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  record(record: AccessRecord): Promise<number> {
    return this.rows.submit(record);
  }

  /** Rows go in in the group's order (ORDER BY ord), so the serial ids ascend in that order too. */
  private async insert(records: AccessRecord[]): Promise<number[]> {
    const col = <T>(f: (r: AccessRecord) => T) => records.map(f);
    const { rows } = await this.sql.query<{ id: string | number }>(
      `INSERT INTO cluebus_access_log (role, actor, key_fingerprint, method, route, target)
       SELECT role, actor, key_fingerprint, method, route, target::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
         AS r(role, actor, key_fingerprint, method, route, target, ord)
       ORDER BY ord
       RETURNING id`,
      [
        col((r) => r.principal.role),
        col((r) => r.principal.actor),
        col((r) => r.principal.keyFingerprint),
        col((r) => r.method),
        col((r) => r.route),
        col((r) => JSON.stringify(r.target)),
      ],
    );
    const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    if (ids.length !== records.length) throw new Error(`access log: ${records.length} rows written, ${ids.length} ids returned`);
    return ids;
  }
}

/** At most this many rows per INSERT. */
const MAX_GROUP = 500;

/** Query fields that carry a clear 居民身份证号: recorded as `<field>Token` instead (the same token the events use). */
const CLEAR_ID_FIELDS = ['idNumber'];

export function withoutClearIds(target: Record<string, unknown>, tokenizer: IdTokenizer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(target)) {
    if (!CLEAR_ID_FIELDS.includes(field)) out[field] = value;
    else out[`${field}Token`] = typeof value === 'string' ? tokenizer.tokenize(value) : '(not a single value: withheld)';
  }
  return out;
}

/** A recorded read as GET /v1/access-log answers it: the contract's AccessEntryDto. */
export type AccessEntry = AccessEntryDto;

/** The recorded reads of one role after an id, oldest first (for the lead unit). */
export async function listAccess(sql: SqlClient, role: string, afterId: number, limit: number): Promise<AccessEntry[]> {
  const { rows } = await sql.query<Record<string, unknown>>(`SELECT * FROM cluebus_access_log WHERE role = $1 AND id > $2 ORDER BY id LIMIT $3`, [role, afterId, limit]);
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at as string).toISOString(),
    role: String(r.role),
    actor: String(r.actor),
    keyFingerprint: String(r.key_fingerprint),
    method: String(r.method),
    route: String(r.route),
    target: (typeof r.target === 'string' ? JSON.parse(r.target) : r.target) as Record<string, unknown>,
  }));
}
