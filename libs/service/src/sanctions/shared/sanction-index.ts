import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { SqlClient } from '@cluebus/eventstore';
import { SQL_CLIENT } from '../../runtime/tokens';

/** Sanction id → the key of the subject's stream: what `/v1/sanctions/:id/…` needs to find the stream. Insert-only. */
export const SANCTION_INDEX_SCHEMA = `CREATE TABLE IF NOT EXISTS cluebus_sanction_subjects (
  sanction_id uuid PRIMARY KEY,
  subject_key text NOT NULL
)`;

/**
 * Written before the imposition is appended, so a revocation right after it finds its stream
 * without waiting for a projection. A row whose append then failed points at a stream without
 * that sanction: the decider answers SANCTION_NOT_FOUND, as for an id never used, so an orphan
 * row is harmless (and a retry with the same Idempotency-Key writes the same row).
 */
@Injectable()
export class SanctionIndex implements OnModuleInit {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async onModuleInit(): Promise<void> {
    await this.sql.exec(SANCTION_INDEX_SCHEMA);
  }

  async record(sanctionIds: readonly string[], subjectKey: string): Promise<void> {
    await this.sql.query(
      `INSERT INTO cluebus_sanction_subjects (sanction_id, subject_key) SELECT unnest($1::uuid[]), $2 ON CONFLICT DO NOTHING`,
      [[...sanctionIds], subjectKey],
    );
  }

  async subjectOf(sanctionId: string): Promise<string | undefined> {
    const { rows } = await this.sql.query<{ subject_key: string }>(`SELECT subject_key FROM cluebus_sanction_subjects WHERE sanction_id = $1`, [sanctionId]);
    return rows[0]?.subject_key;
  }
}
