import type { EventMetadata, RecordedEvent } from '@cluebus/contracts';
import type { SqlExecutor } from '../sql/sql-client';
import { exactJson } from './exact-jsonb';

/**
 * The log as verification reads it: a page of rows as ONE text, a line per row, each line
 *
 *   [global_position, stream_id, stream_position, event_id, type, schema_version, recorded, prev_hash, hash] TAB data TAB metadata
 *
 * with the jsonb columns as their own text (jsonb text and JSON never hold a raw tab or newline:
 * both are escaped inside strings). One text, not rows of columns, because building rows —
 * JavaScript values for eleven columns, Dates, JSON.parse — was most of verify's cost on the
 * thread that reads (BENCHMARKS.md, verify); a text is handed to a worker thread as one copy.
 *
 * recorded is what a Date read through the driver would print: recorded_at in epoch
 * milliseconds, printed with toISOString. When recorded_at has a sub-millisecond part or is not
 * finite it is its exact text instead (six fractional digits, or 'infinity'), which no sealed
 * event ever had, so its hash fails rather than rounding to the sealed value (docs/adr/0007).
 */
const LINE = `json_build_array(global_position, stream_id, stream_position, event_id, type, schema_version,
    CASE WHEN NOT isfinite(recorded_at) THEN to_json(recorded_at::text)
         WHEN date_part('microseconds', recorded_at)::bigint % 1000 <> 0
         THEN to_json(to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
         ELSE to_json((extract(epoch FROM recorded_at) * 1000)::bigint) END,
    prev_hash, hash)::text || E'\\t' || data::text || E'\\t' || metadata::text`;

/** A page of the log as one text: `count` lines joined by '\n'; `last` the position of the last. */
export interface RawLogPage {
  text: string;
  count: number;
  last: number;
}

const EMPTY: RawLogPage = { text: '', count: 0, last: 0 };

/**
 * Rows after `after` in global order, at most maxCount, as one text. string_agg builds it in
 * the server: the client then parses one value instead of maxCount rows.
 */
export async function readLogPage(sql: SqlExecutor, after: number, maxCount: number): Promise<RawLogPage> {
  const { rows } = await sql.query<{ text: string | null; count: string | number; last: string | number | null }>(
    `SELECT string_agg(line, E'\\n' ORDER BY global_position) AS text, count(*) AS count, max(global_position) AS last
     FROM (SELECT global_position, ${LINE} AS line FROM cluebus_events WHERE global_position > $1 ORDER BY global_position LIMIT $2) page`,
    [after, maxCount],
  );
  const row = rows[0];
  if (!row || row.text === null) return EMPTY;
  return { text: row.text, count: Number(row.count), last: Number(row.last) };
}

/** The line of one event by id (proofs), or undefined. */
export async function readLogLineByEventId(sql: SqlExecutor, eventId: string): Promise<string | undefined> {
  const { rows } = await sql.query<{ line: string }>(`SELECT ${LINE} AS line FROM cluebus_events WHERE event_id = $1`, [eventId]);
  return rows[0]?.line;
}

type Header = [number, string, number, string, string, number, number | string, string, string];

/** One line as the event it stores, mapped as the store maps rows (SqlEventStore.readAll), but exactly. */
export function eventOfLogLine(line: string): RecordedEvent {
  const tab1 = line.indexOf('\t');
  const tab2 = line.indexOf('\t', tab1 + 1);
  if (tab1 < 0 || tab2 < 0) throw new Error('not a line of the log');
  const h = JSON.parse(line.slice(0, tab1)) as Header;
  return {
    globalPosition: h[0],
    streamId: h[1],
    streamPosition: h[2],
    eventId: h[3],
    type: h[4],
    schemaVersion: h[5],
    data: exactJson(line.slice(tab1 + 1, tab2)),
    metadata: exactJson(line.slice(tab2 + 1)) as unknown as EventMetadata,
    // A Date outside its range throws here, as reading it through the driver does.
    recordedAt: typeof h[6] === 'number' ? new Date(h[6]).toISOString() : h[6],
    prevHash: h[7],
    hash: h[8],
  };
}

/** Calls fn with each line of a page's text, in order. */
export function forEachLogLine(text: string, fn: (line: string, index: number) => void): void {
  if (text === '') return;
  let start = 0;
  for (let i = 0; ; i++) {
    const end = text.indexOf('\n', start);
    fn(end < 0 ? text.slice(start) : text.slice(start, end), i);
    if (end < 0) return;
    start = end + 1;
  }
}

export function eventsOfLogPage(page: RawLogPage): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  forEachLogLine(page.text, (line) => events.push(eventOfLogLine(line)));
  return events;
}
