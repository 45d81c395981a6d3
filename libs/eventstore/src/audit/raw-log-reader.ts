import type { RecordedEvent } from '@cluebus/contracts';
import type { SqlExecutor } from '../sql/sql-client';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from '../sql/sql-event-store';

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

export function sqlLogReader(sql: SqlExecutor): RawLogReader {
  return {
    async readAll({ after, maxCount }) {
      const { rows } = await sql.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM cluebus_events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
        [after, maxCount],
      );
      return rows.map(toRecordedEvent);
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

/** One event by id, as stored. */
export async function readRawEvent(sql: SqlExecutor, eventId: string): Promise<RecordedEvent | undefined> {
  const { rows } = await sql.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM cluebus_events WHERE event_id = $1`, [eventId]);
  return rows[0] && toRecordedEvent(rows[0]);
}
