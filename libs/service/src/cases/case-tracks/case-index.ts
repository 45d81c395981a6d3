import { Inject, Injectable } from '@nestjs/common';
import type { SqlClient } from '@cluebus/eventstore';
import { SQL_CLIENT } from '../../runtime/tokens';

/**
 * Two small lookups kept by the case-track processor, in the order of the global log:
 * - cluebus_case_clues: which cases a clue belongs to (from CaseOpened, ClueAttachedToCase) —
 *   how an acknowledgement or an investigation of a clue finds the case(s) whose track it opens;
 * - cluebus_case_audience: who may find a case in GET /v1/cases — its lead, the departments with
 *   a track, those that see one of its clues (registrar, recipients of transfers/forwards), and
 *   the ccdi a one-sided bribery flag was handed to;
 * - cluebus_bribery_watch: substantiated findings on a case's clues — the cases the one-sided
 *   bribery check (行贿受贿一起查) looks at, once the policy's window can have ended.
 * Rows are only ever inserted (ON CONFLICT DO NOTHING), so re-applying an event changes nothing
 * and the service role needs no more than INSERT and SELECT. Derived data: drop and rebuild by
 * resetting the processor's checkpoint (`case-tracks` in cluebus_checkpoints).
 *
 * Set-up is guarded like the store's (schema.ts): once both tables exist it is a no-op that needs
 * no CREATE privilege.
 */
export const CASE_INDEX_SCHEMA = `
DO $cluebus_case_index$ BEGIN
  IF to_regclass('cluebus_case_clues') IS NULL OR to_regclass('cluebus_case_audience') IS NULL OR to_regclass('cluebus_bribery_watch') IS NULL THEN
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
    CREATE TABLE IF NOT EXISTS cluebus_bribery_watch (
      case_id          uuid        NOT NULL,
      finding_event_id uuid        NOT NULL,
      clue_id          uuid        NOT NULL,
      found_at         timestamptz NOT NULL,
      event_position   bigint      NOT NULL,
      PRIMARY KEY (case_id, finding_event_id)
    );
  END IF;
END $cluebus_case_index$;
`;

/** Rows for the index, collected in log order over a page of the log; the first row of a key wins (its position). */
export class CaseIndexRows {
  readonly clues: Array<{ caseId: string; clueId: string; position: number }> = [];
  readonly audience: Array<{ caseId: string; department: string; position: number }> = [];
  /** Substantiated findings on a clue of the case: the one-sided check will look at the case. */
  readonly findings: Array<{ caseId: string; eventId: string; clueId: string; at: Date; position: number }> = [];

  addClues(caseId: string, clueIds: readonly string[], position: number): void {
    for (const clueId of clueIds) this.clues.push({ caseId, clueId, position });
  }

  addAudience(caseId: string, departments: readonly string[], position: number): void {
    for (const department of departments) this.audience.push({ caseId, department, position });
  }

  watchFinding(caseId: string, finding: { eventId: string; clueId: string; at: Date }, position: number): void {
    this.findings.push({ caseId, ...finding, position });
  }

  get empty(): boolean {
    return this.clues.length + this.audience.length + this.findings.length === 0;
  }
}

/** The case index as the processor and the list query use it. */
export interface CaseIndexPort {
  /** Writes a page's rows, all or none (re-writing rows already there changes nothing). */
  write(rows: CaseIndexRows): Promise<void>;
  /** For each of the clue ids that belongs to a case, the ids of its cases. */
  casesOfClues(clueIds: readonly string[]): Promise<Map<string, string[]>>;
}

@Injectable()
export class CaseIndex implements CaseIndexPort {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async init(): Promise<void> {
    await this.sql.exec(CASE_INDEX_SCHEMA);
  }

  /** One statement (three inserts as CTEs): one commit for a page of the log, however many rows. */
  async write(rows: CaseIndexRows): Promise<void> {
    if (rows.empty) return;
    await this.sql.query(
      `WITH clues AS (
         INSERT INTO cluebus_case_clues (clue_id, case_id, event_position)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bigint[]) ON CONFLICT DO NOTHING
       ), audience AS (
         INSERT INTO cluebus_case_audience (department, case_id, event_position)
         SELECT * FROM unnest($4::text[], $5::uuid[], $6::bigint[]) ON CONFLICT DO NOTHING
       )
       INSERT INTO cluebus_bribery_watch (case_id, finding_event_id, clue_id, found_at, event_position)
       SELECT * FROM unnest($7::uuid[], $8::uuid[], $9::uuid[], $10::timestamptz[], $11::bigint[]) ON CONFLICT DO NOTHING`,
      [
        rows.clues.map((r) => r.clueId),
        rows.clues.map((r) => r.caseId),
        rows.clues.map((r) => r.position),
        rows.audience.map((r) => r.department),
        rows.audience.map((r) => r.caseId),
        rows.audience.map((r) => r.position),
        rows.findings.map((r) => r.caseId),
        rows.findings.map((r) => r.eventId),
        rows.findings.map((r) => r.clueId),
        rows.findings.map((r) => r.at.toISOString()),
        rows.findings.map((r) => r.position),
      ],
    );
  }

  /**
   * Cases with a substantiated finding recorded at or before `foundBy`, in the order watched. A
   * window of n working days is never shorter than n calendar days, so `now − n days` bounds the
   * findings whose window may have ended without reading the calendar here.
   */
  async watchedCases(foundBy: Date): Promise<string[]> {
    const { rows } = await this.sql.query<{ case_id: string }>(
      `SELECT case_id FROM cluebus_bribery_watch WHERE found_at <= $1 GROUP BY case_id ORDER BY min(event_position), case_id`,
      [foundBy],
    );
    return rows.map((r) => r.case_id);
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
