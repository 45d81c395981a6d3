import { Inject, Injectable } from '@nestjs/common';
import type { SqlClient } from '@cluebus/eventstore';
import { SQL_CLIENT } from '../../runtime/tokens';

/**
 * Two small lookups kept by the case-track processor, in the order of the global log:
 * - cluebus_case_clues: which cases a clue belongs to (from CaseOpened, ClueAttachedToCase) —
 *   how an acknowledgement or an investigation of a clue finds the case(s) whose track it opens;
 * - cluebus_case_audience: who may find a case in GET /v1/cases — its lead, the departments with
 *   a track, and those that see one of its clues (registrar, recipients of transfers/forwards).
 * Rows are only ever inserted (ON CONFLICT DO NOTHING), so re-applying an event changes nothing
 * and the service role needs no more than INSERT and SELECT. Derived data: drop and rebuild by
 * resetting the processor's checkpoint (`case-tracks` in cluebus_checkpoints).
 *
 * Set-up is guarded like the store's (schema.ts): once both tables exist it is a no-op that needs
 * no CREATE privilege.
 */
export const CASE_INDEX_SCHEMA = `
DO $cluebus_case_index$ BEGIN
  IF to_regclass('cluebus_case_clues') IS NULL OR to_regclass('cluebus_case_audience') IS NULL THEN
    CREATE TABLE IF NOT EXISTS cluebus_case_clues (
      clue_id        uuid   NOT NULL,
      case_id        uuid   NOT NULL,
      event_position bigint NOT NULL,
      PRIMARY KEY (clue_id, case_id)
    );
    CREATE TABLE IF NOT EXISTS cluebus_case_audience (
      department     text   NOT NULL,
      case_id        uuid   NOT NULL,
      event_position bigint NOT NULL,
      PRIMARY KEY (department, case_id)
    );
  END IF;
END $cluebus_case_index$;
`;

/** The case index as the processor and the list query use it. */
export interface CaseIndexPort {
  addClues(caseId: string, clueIds: readonly string[], position: number): Promise<void>;
  addAudience(caseId: string, departments: readonly string[], position: number): Promise<void>;
  /** For each of the clue ids that belongs to a case, the ids of its cases. */
  casesOfClues(clueIds: readonly string[]): Promise<Map<string, string[]>>;
}

@Injectable()
export class CaseIndex implements CaseIndexPort {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async init(): Promise<void> {
    await this.sql.exec(CASE_INDEX_SCHEMA);
  }

  async addClues(caseId: string, clueIds: readonly string[], position: number): Promise<void> {
    if (clueIds.length === 0) return;
    await this.sql.query(
      `INSERT INTO cluebus_case_clues (clue_id, case_id, event_position) SELECT unnest($1::uuid[]), $2, $3 ON CONFLICT DO NOTHING`,
      [[...clueIds], caseId, position],
    );
  }

  async addAudience(caseId: string, departments: readonly string[], position: number): Promise<void> {
    const unique = [...new Set(departments)];
    if (unique.length === 0) return;
    await this.sql.query(
      `INSERT INTO cluebus_case_audience (department, case_id, event_position) SELECT unnest($1::text[]), $2, $3 ON CONFLICT DO NOTHING`,
      [unique, caseId, position],
    );
  }

  async casesOfClues(clueIds: readonly string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    if (clueIds.length === 0) return found;
    const { rows } = await this.sql.query<{ clue_id: string; case_id: string }>(
      `SELECT clue_id, case_id FROM cluebus_case_clues WHERE clue_id = ANY($1::uuid[]) ORDER BY event_position, case_id`,
      [[...new Set(clueIds)]],
    );
    for (const r of rows) (found.get(r.clue_id) ?? found.set(r.clue_id, []).get(r.clue_id)!).push(r.case_id);
    return found;
  }

  /** Cases `department` may find, in the order it came to see them. */
  async casesVisibleTo(department: string): Promise<string[]> {
    const { rows } = await this.sql.query<{ case_id: string }>(
      `SELECT case_id FROM cluebus_case_audience WHERE department = $1 ORDER BY event_position, case_id`,
      [department],
    );
    return rows.map((r) => r.case_id);
  }

  /** Every case, in the order opened (investigators). */
  async allCases(): Promise<string[]> {
    const { rows } = await this.sql.query<{ case_id: string }>(
      `SELECT case_id FROM cluebus_case_clues GROUP BY case_id ORDER BY min(event_position), case_id`,
    );
    return rows.map((r) => r.case_id);
  }
}
