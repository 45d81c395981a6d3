import type { EventMetadata, RecordedEvent } from '@cluebus/contracts';
import type { SqlExecutor } from '../sql/sql-client';
import { type EventRow, toRecordedEvent } from '../sql/sql-event-store';

/**
 * What verification reads: the global log exactly as stored (no upcasting), in pages. An
 * EventStore is one (readAll with raw: true); sqlLogReader is one over any SQL executor, so a
 * check can run inside a transaction and see that transaction's rows (the tamper test does).
 */
export interface RawLogReader {
  readAll(options: { after: number; maxCount: number; raw: true }): Promise<RecordedEvent[]>;
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
 *    jsonb cannot hold, so that row's hash fails too.
 *
 * Rows cluebus wrote read exactly as through the store (SqlEventStore.readAll), so leaves,
 * proofs and checkpoints are unchanged. The checkpointer, POST /v1/audit/verify and proofs read
 * through here; SqlEventStore.readAll({ raw: true }) still maps through the driver (lossy).
 */
const EXACT_COLUMNS = `global_position, stream_id, stream_position, event_id, type, schema_version,
  data::text AS data, metadata::text AS metadata, recorded_at,
  CASE WHEN NOT isfinite(recorded_at) THEN recorded_at::text
       WHEN date_part('microseconds', recorded_at)::bigint % 1000 <> 0
       THEN to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END AS recorded_at_inexact,
  prev_hash, hash`;

/** A stored row as read for hashing: the JSON columns as text and recorded_at's own text where a Date would round it. */
type ExactRow = Omit<EventRow, 'data' | 'metadata'> & { data: string; metadata: string; recorded_at_inexact: string | null };

/** The key an inexact jsonb column is read under: jsonb refuses \u0000, so no stored event has it. */
export const INEXACT_JSONB_KEY = '\u0000cluebus:inexact-jsonb';

/** Number tokens of jsonb text (strings are matched to be skipped; numeric_out never writes exponents). */
const TOKENS = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** "1.5e-7" → "0.00000015", "1e+21" → "1000000000000000000000": how numeric_in/numeric_out store it. */
export function expandExponent(js: string): string {
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(js);
  if (!m) return js;
  const [, sign, int, frac = '', exp] = m;
  const digits = int + frac;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** True when `literal` (as jsonb prints it) is what jsonb stores for the double it parses to. */
export function isStoredFormOfDouble(literal: string): boolean {
  const js = String(Number(literal));
  return js === literal || (js.includes('e') && expandExponent(js) === literal);
}

/** Every number of jsonb text is the stored form of a double (what JSON.stringify wrote). */
export function jsonbNumbersExact(text: string): boolean {
  TOKENS.lastIndex = 0;
  for (let m = TOKENS.exec(text); m !== null; m = TOKENS.exec(text)) {
    if (m[0].charCodeAt(0) !== 34 /* " */ && !isStoredFormOfDouble(m[0])) return false;
  }
  return true;
}

function exactJson(text: string): Record<string, unknown> {
  const value = JSON.parse(text) as Record<string, unknown>;
  return jsonbNumbersExact(text) ? value : { [INEXACT_JSONB_KEY]: text };
}

/** The store's own row mapping, with the columns that JSON and Date would round read as stored. */
function toExactEvent(row: ExactRow): RecordedEvent {
  return {
    // recorded_at is read below as stored (it may be 'infinity', which a Date cannot print)
    ...toRecordedEvent({ ...row, recorded_at: new Date(0), data: {}, metadata: {} as EventMetadata }),
    data: exactJson(row.data),
    metadata: exactJson(row.metadata) as unknown as EventMetadata,
    recordedAt: row.recorded_at_inexact ?? (row.recorded_at instanceof Date ? row.recorded_at : new Date(row.recorded_at)).toISOString(),
  };
}

export function sqlLogReader(sql: SqlExecutor): RawLogReader {
  return {
    async readAll({ after, maxCount }) {
      const { rows } = await sql.query<ExactRow>(
        `SELECT ${EXACT_COLUMNS} FROM cluebus_events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
        [after, maxCount],
      );
      return rows.map(toExactEvent);
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
  const { rows } = await sql.query<ExactRow>(`SELECT ${EXACT_COLUMNS} FROM cluebus_events WHERE event_id = $1`, [eventId]);
  return rows[0] && toExactEvent(rows[0]);
}
