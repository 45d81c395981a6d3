import type { RecordedEvent } from '@cluebus/contracts';
import type { EventStore, SqlClient, SqlExecutor, Subscription } from '@cluebus/eventstore';
import { type Bus, type BusMessage, messageSize, Topics } from '../bus';
import { audienceCodes } from './event-audience';
import { toBusMessage } from './event-message';

export interface CheckpointStore {
  load(name: string): Promise<number>;
  save(name: string, position: number): Promise<void>;
}

export interface RelayOptions {
  /** Events read from the store per batch. */
  batchSize?: number;
  /**
   * Most bytes of messages in one publish to a topic: below the producer's request size and the
   * topics' `max.message.bytes`, so a run of large events is split, never refused by the broker.
   */
  maxPublishBytes?: number;
  onError?: (error: unknown) => void;
  clock?: () => number;
}

export interface RelayStatus {
  /** Last global position shipped and checkpointed. */
  position: number;
  /** When that position was shipped, or the relay started (ms since epoch). */
  shippedAt: number;
  /** Failed attempts in a row (0 after a success). */
  failures: number;
  lastError?: string;
  /** Set when the log has a gap: the relay ships nothing until the log is whole again. */
  halted?: string;
}

/** The log the relay reads is not contiguous: shipping on would skip events for ever. */
export class RelayGapError extends Error {
  constructor(
    readonly expected: number,
    readonly found: number,
  ) {
    super(`global log gap: expected position ${expected}, read ${found}; the relay stops here`);
    this.name = 'RelayGapError';
  }
}

/**
 * Tails the store's global log and publishes every event to the all-events topic and to the
 * inbox topic of each department it concerns. Commands write to the store only (no dual
 * write); the relay ships afterwards. Its checkpoint is saved after the publish, so a crash
 * re-publishes (consumers dedup by event id) and never skips. It checks that the positions it
 * ships are contiguous and stops loudly on a gap; publishes are split by size.
 */
export class EventRelay {
  private subscription?: Subscription;
  private readonly maxPublishBytes: number;
  private readonly clock: () => number;
  private readonly state: RelayStatus = { position: 0, shippedAt: 0, failures: 0 };

  constructor(
    private readonly store: EventStore,
    private readonly bus: Bus,
    private readonly checkpoints: CheckpointStore,
    private readonly name = 'relay',
    private readonly options: RelayOptions = {},
  ) {
    this.maxPublishBytes = options.maxPublishBytes ?? 800_000;
    this.clock = options.clock ?? Date.now;
  }

  async start(): Promise<void> {
    const after = await this.checkpoints.load(this.name);
    this.state.position = after;
    this.state.shippedAt = this.clock(); // "nothing shipped for too long" counts from the start
    this.subscription = this.store.subscribeToAll((events) => this.ship(events), {
      after,
      batchSize: this.options.batchSize ?? 500,
      onError: (error) => {
        this.state.failures++;
        this.state.lastError = String(error);
        this.options.onError?.(error);
      },
    });
  }

  private async ship(events: RecordedEvent[]): Promise<void> {
    let expected = this.state.position + 1;
    for (const event of events) {
      if (event.globalPosition !== expected) {
        const gap = new RelayGapError(expected, event.globalPosition);
        this.state.halted = gap.message;
        throw gap;
      }
      expected++;
    }
    this.state.halted = undefined;
    const byTopic = new Map<string, BusMessage[]>();
    const add = (topic: string, m: BusMessage) => (byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!).push(m);
    for (const event of events) {
      const message = toBusMessage(event);
      add(Topics.allEvents, message);
      for (const code of audienceCodes(event)) add(Topics.department(code), message);
    }
    // Per topic, chunks in order (one after the other keeps per-key order); topics in parallel.
    await Promise.all(
      [...byTopic].map(async ([topic, messages]) => {
        for (const chunk of chunksByBytes(messages, this.maxPublishBytes)) await this.bus.publish(topic, chunk);
      }),
    );
    const last = events[events.length - 1].globalPosition;
    await this.checkpoints.save(this.name, last);
    Object.assign(this.state, { position: last, shippedAt: this.clock(), failures: 0, lastError: undefined });
  }

  get position(): number {
    return this.subscription?.position ?? 0;
  }

  status(): RelayStatus {
    return { ...this.state };
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }
}

/** Consecutive chunks of at most maxBytes each (a single larger message goes alone). */
export function chunksByBytes(messages: BusMessage[], maxBytes: number): BusMessage[][] {
  const chunks: BusMessage[][] = [];
  let current: BusMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = messageSize(m);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** A check run inside the transaction of every checkpoint write (a singleton's lease fence). */
export interface WriteFence {
  check(tx: SqlExecutor): Promise<void>;
}

/**
 * Checkpoints in the store's own database (table cluebus_checkpoints). A position never moves
 * back (GREATEST), and with a fence a writer that lost its lease cannot write at all.
 */
export class SqlCheckpointStore implements CheckpointStore {
  constructor(
    private readonly sql: SqlClient,
    private readonly fence?: WriteFence,
  ) {}

  async load(name: string): Promise<number> {
    const { rows } = await this.sql.query<{ position: string }>(`SELECT position FROM cluebus_checkpoints WHERE name = $1`, [name]);
    return rows.length ? Number(rows[0].position) : 0;
  }

  async save(name: string, position: number): Promise<void> {
    const fence = this.fence;
    if (!fence) return this.upsert(this.sql, name, position);
    await this.sql.transaction(async (tx) => {
      await fence.check(tx);
      await this.upsert(tx, name, position);
    });
  }

  private async upsert(tx: SqlExecutor, name: string, position: number): Promise<void> {
    await tx.query(
      `INSERT INTO cluebus_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = GREATEST(cluebus_checkpoints.position, EXCLUDED.position), updated_at = now()`,
      [name, position],
    );
  }
}
