import type { RecordedEvent } from '@cluebus/contracts';
import type { EventStore, SqlClient, SqlExecutor, Subscription } from '@cluebus/eventstore';
import { type Bus, type BusMessage, Topics } from '../bus';
import { audienceCodes } from './event-audience';
import { toBusMessage } from './event-message';

export interface CheckpointStore {
  load(name: string): Promise<number>;
  save(name: string, position: number): Promise<void>;
}

/**
 * Tails the store's global log and publishes every event to the all-events topic and to the
 * inbox topic of each department it concerns. Commands write to the store only (no dual
 * write); the relay ships afterwards. Its checkpoint is saved after the publish, so a crash
 * re-publishes (consumers dedup by event id) and never skips.
 */
export class EventRelay {
  private subscription?: Subscription;

  constructor(
    private readonly store: EventStore,
    private readonly bus: Bus,
    private readonly checkpoints: CheckpointStore,
    private readonly name = 'relay',
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    const after = await this.checkpoints.load(this.name);
    this.subscription = this.store.subscribeToAll((events) => this.ship(events), { after, batchSize: 500, onError: this.onError });
  }

  private async ship(events: RecordedEvent[]): Promise<void> {
    const byTopic = new Map<string, BusMessage[]>();
    const add = (topic: string, m: BusMessage) => (byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!).push(m);
    for (const event of events) {
      const message = toBusMessage(event);
      add(Topics.allEvents, message);
      for (const code of audienceCodes(event)) add(Topics.department(code), message);
    }
    await Promise.all([...byTopic].map(([topic, messages]) => this.bus.publish(topic, messages)));
    await this.checkpoints.save(this.name, events[events.length - 1].globalPosition);
  }

  get position(): number {
    return this.subscription?.position ?? 0;
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }
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
