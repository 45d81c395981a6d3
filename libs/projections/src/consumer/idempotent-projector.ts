import type { RecordedEvent } from '@cluebus/contracts';
import type { SqlClient, SqlExecutor } from '@cluebus/eventstore';

export const PROCESSED_EVENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS cluebus_processed_events (
  consumer     text        NOT NULL,
  event_id     uuid        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
`;

export interface Projection {
  /** Stable name: the dedup key space and the checkpoint name. */
  readonly name: string;
  readonly schema: string;
  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void>;
}

/**
 * Applies an event to a projection at most once: the "processed" mark and the effect commit
 * in the same transaction, so a redelivered event (Kafka is at-least-once) changes nothing.
 */
export class IdempotentProjector {
  constructor(
    private readonly sql: SqlClient,
    private readonly projection: Projection,
  ) {}

  async init(): Promise<void> {
    await this.sql.exec(PROCESSED_EVENTS_SCHEMA);
    await this.sql.exec(this.projection.schema);
  }

  /** Returns false when the event had already been applied. */
  handle(event: RecordedEvent): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      const fresh = await tx.query(
        `INSERT INTO cluebus_processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.projection.name, event.eventId],
      );
      if (fresh.rows.length === 0) return false;
      await this.projection.apply(tx, event);
      return true;
    });
  }
}
