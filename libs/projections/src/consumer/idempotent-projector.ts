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
  /** Optional: the effect of several new events at once, in order (fewer statements, a fixed lock order). */
  applyBatch?(tx: SqlExecutor, events: RecordedEvent[]): Promise<void>;
  /** Optional: how many events of the store's log a page holds when this projection catches up or is rebuilt (else the host's 200, the CLI rebuild's 1,000). */
  readonly pageSize?: number;
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

  /**
   * Applies a batch in one transaction: one INSERT marks every event of the batch, and its
   * RETURNING names the new ones; only those have their effect, in batch order. A redelivered
   * event (already marked, or twice in the batch) changes nothing.
   */
  handleBatch(events: RecordedEvent[]): Promise<{ applied: number; duplicates: number }> {
    if (events.length === 1) return this.handle(events[0]).then((fresh) => ({ applied: fresh ? 1 : 0, duplicates: fresh ? 0 : 1 }));
    return this.sql.transaction(async (tx) => {
      const { rows } = await tx.query<{ event_id: string }>(
        `INSERT INTO cluebus_processed_events (consumer, event_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.projection.name, events.map((e) => e.eventId)],
      );
      const marked = new Set(rows.map((r) => r.event_id.toLowerCase()));
      const fresh = events.filter((e) => marked.delete(e.eventId.toLowerCase()));
      if (this.projection.applyBatch) await this.projection.applyBatch(tx, fresh);
      else for (const event of fresh) await this.projection.apply(tx, event);
      return { applied: fresh.length, duplicates: events.length - fresh.length };
    });
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
