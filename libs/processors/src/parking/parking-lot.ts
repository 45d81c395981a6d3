import type { SqlClient } from '@cluebus/eventstore';

/**
 * Which streams a consumer has parked messages of, so later messages of those streams wait
 * behind them (per-stream order through the dead-letter topic): a transfer's acknowledgement
 * must never be applied while the transfer itself is parked.
 */
export interface ParkingLot {
  init(): Promise<void>;
  /** For each of these streams that has parked messages: the event id parked first (the one to release first). */
  blocked(streamIds: string[]): Promise<Map<string, string>>;
  park(streamId: string, eventId: string, reason: string): Promise<void>;
  /** The message parked first of its stream was applied at last (a replay): the next one may follow. */
  release(eventId: string): Promise<void>;
}

export const PARKED_EVENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS cluebus_parked_events (
  consumer   text        NOT NULL,
  event_id   text        NOT NULL,
  stream_id  text        NOT NULL,
  seq        bigserial,
  reason     text        NOT NULL,
  parked_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
CREATE INDEX IF NOT EXISTS cluebus_parked_events_by_stream ON cluebus_parked_events (consumer, stream_id, seq);
`;

/** The parking lot in the consumer's own database, beside its dedup marks. */
export class SqlParkingLot implements ParkingLot {
  constructor(
    private readonly sql: SqlClient,
    private readonly consumer: string,
  ) {}

  init(): Promise<void> {
    return this.sql.exec(PARKED_EVENTS_SCHEMA);
  }

  async blocked(streamIds: string[]): Promise<Map<string, string>> {
    if (streamIds.length === 0) return new Map();
    const { rows } = await this.sql.query<{ stream_id: string; event_id: string }>(
      `SELECT DISTINCT ON (stream_id) stream_id, event_id FROM cluebus_parked_events
       WHERE consumer = $1 AND stream_id = ANY($2::text[]) ORDER BY stream_id, seq`,
      [this.consumer, streamIds],
    );
    return new Map(rows.map((r) => [r.stream_id, r.event_id]));
  }

  async park(streamId: string, eventId: string, reason: string): Promise<void> {
    await this.sql.query(`INSERT INTO cluebus_parked_events (consumer, event_id, stream_id, reason) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
      this.consumer,
      eventId,
      streamId,
      reason,
    ]);
  }

  async release(eventId: string): Promise<void> {
    await this.sql.query(`DELETE FROM cluebus_parked_events WHERE consumer = $1 AND event_id = $2`, [this.consumer, eventId]);
  }
}
