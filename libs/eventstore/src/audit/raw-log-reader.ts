import type { RecordedEvent } from '@cluebus/contracts';
import type { SqlExecutor } from '../sql/sql-client';
import { eventOfLogLine, eventsOfLogPage, readLogLineByEventId, readLogPage, type RawLogPage } from './log-page';

export { expandExponent, INEXACT_JSONB_KEY, isStoredFormOfDouble, jsonbNumbersExact } from './exact-jsonb';
export type { RawLogPage } from './log-page';

/**
 * What verification reads: the global log exactly as stored (no upcasting), in pages. An
 * EventStore is one (readAll with raw: true); sqlLogReader is one over any SQL executor, so a
 * check can run inside a transaction and see that transaction's rows (the tamper test does).
 */
export interface RawLogReader {
  readAll(options: { after: number; maxCount: number; raw: true }): Promise<RecordedEvent[]>;
  /**
   * The same rows as one text (log-page.ts), for verifiers that parse and hash them elsewhere
   * (worker threads); readers without it are verified from readAll's events.
   */
  readPage?(options: { after: number; maxCount: number }): Promise<RawLogPage>;
}

/** The store's head record: the position and hash the writers last committed. */
export interface LogHead {
  globalPosition: number;
  hash: string;
}

/**
 * The chain hash covers the event as the store sealed it (JavaScript values: recordedAt an ISO
 * string with milliseconds, numbers doubles); the database keeps them as timestamptz
 * (microseconds) and jsonb (numeric, arbitrary precision). Read back through the drivers, a
 * stored value that differs only below what JavaScript holds — recorded_at moved by 1 µs, a
 * number 12345.67 changed to 12345.670000000000001 or to 12345.670 — maps to the same values,
 * and the changed row would verify. This reader maps rows one to one instead (docs/adr/0007):
 *
 *  - recorded_at with a sub-millisecond part, or not finite, is read as its exact text (six
 *    fractional digits, or 'infinity'), which no sealed event ever had, so its hash fails;
 *  - data and metadata are read as jsonb text; every number in it must be exactly the text
 *    PostgreSQL stores for the JSON the store wrote (JSON.stringify of a double, exponent
 *    expanded). Otherwise the column reads as { "\u0000cluebus:inexact-jsonb": <text> }, a key
 *    jsonb cannot hold, so that row's hash fails too (exact-jsonb.ts).
 *
 * Rows are read as lines of one text per page (log-page.ts), which readAll maps to events and
 * verifyStore hands to worker threads as it is. Rows cluebus wrote read exactly as through the
 * store (SqlEventStore.readAll), so leaves, proofs and checkpoints are unchanged. The
 * checkpointer, POST /v1/audit/verify and proofs read through here; SqlEventStore.readAll({ raw:
 * true }) still maps through the driver (lossy).
 */
export function sqlLogReader(sql: SqlExecutor): RawLogReader {
  return {
    readPage: ({ after, maxCount }) => readLogPage(sql, after, maxCount),
    async readAll({ after, maxCount }) {
      return eventsOfLogPage(await readLogPage(sql, after, maxCount));
    },
  };
}

export async function readLogHead(sql: SqlExecutor): Promise<LogHead> {
  const { rows } = await sql.query<{ global_position: string | number; hash: string }>(
    `SELECT global_position, hash FROM cluebus_log_head WHERE id = 1`,
  );
  if (!rows[0]) throw new Error('cluebus_log_head is missing: not an event store');
  return { globalPosition: Number(rows[0].global_position), hash: rows[0].hash };
}

/** One event by id, as stored (mapped one to one, as sqlLogReader does). */
export async function readRawEvent(sql: SqlExecutor, eventId: string): Promise<RecordedEvent | undefined> {
  const line = await readLogLineByEventId(sql, eventId);
  return line === undefined ? undefined : eventOfLogLine(line);
}
