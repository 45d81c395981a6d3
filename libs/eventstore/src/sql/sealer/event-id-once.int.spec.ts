import { DelegatingSqlClient } from '../../../../../test/support/delegating-sql-client';
import { createTestDatabase } from '../../../../../test/support/postgres-database';
import { storeEvent } from '../../../../../test/fixtures/store-events';
import { sealExactly } from '../../../../../test/support/seal-pending-events';
import { EventIdConflictError } from '../../errors';
import { PostgresSqlClient } from '../../postgres/postgres-sql-client';
import type { SqlClient, SqlExecutor } from '../sql-client';
import { SqlEventStore } from '../sql-event-store';
import { sealPendingBatch } from './seal-pending';

/**
 * An event id is stored once across the queue and the history (docs/adr/0009): the queue's unique
 * index among queued events, a look into the history after queuing for sealed ones. The case
 * that needs both: a sealer moving the id from the queue to the history while another append of
 * it comes — the index makes that append wait for the sealer, and once the sealer has committed,
 * the history has the id and the append is refused.
 */
describe('an event id, once in the queue or the history, is not stored again', () => {
  let db: { url: string; drop: () => Promise<void> };
  let store: SqlEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('cluebus_event_id_once');
    store = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url }), { sealing: 'sealer' }); // sealed by hand here
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  const first = storeEvent(100); // ids are random: the same event object is the same id
  const queued = async () => (await store.sql.query<{ stream_id: string }>(`SELECT stream_id FROM cluebus_pending ORDER BY seq`)).rows.map((r) => r.stream_id);

  it('given an id queued in one stream, when another stream appends it (the one-round-trip path), then it is a clash and nothing of it is queued', async () => {
    const e = first;
    await store.append('clue-a', [e], { expectedVersion: 'no-stream' });

    await expect(store.append('clue-b', [e], { expectedVersion: 'no-stream' })).rejects.toBeInstanceOf(EventIdConflictError);

    expect(await queued()).toEqual(['clue-a']);
    expect(await store.readStream('clue-b')).toEqual([]);
  }, 60_000);

  it('given that id sealed, when another stream appends it, then it is a clash; when its own append comes again, then it is a replay', async () => {
    await sealExactly(store.sql, 1);
    const e = first;

    await expect(store.append('clue-c', [e], { expectedVersion: 'no-stream' })).rejects.toBeInstanceOf(EventIdConflictError);
    const again = await store.append('clue-a', [e], { expectedVersion: 'no-stream' });

    expect(again.idempotentReplay).toBe(true);
    expect(await queued()).toEqual([]);
    expect((await store.readAll()).map((r) => [r.streamId, r.eventId])).toEqual([['clue-a', e.eventId]]);
  }, 60_000); // sealing waits out the server-wide fence: another suite's open transaction

  it('given a sealer moving a queued id, its transaction still open, when another stream appends that id, then the append waits, and is a clash once the sealer commits', async () => {
    const e = storeEvent(200);
    await store.append('clue-d', [e], { expectedVersion: 'no-stream' });
    const sealer = new HeldSealer(store.sql);

    await sealer.moved(1);
    const append = store.append('clue-e', [e], { expectedVersion: 'no-stream' });
    const early = await Promise.race([append.then(() => 'stored', () => 'refused'), new Promise((r) => setTimeout(() => r('waiting'), 500))]).finally(() => sealer.commit());

    expect(early).toBe('waiting');
    await expect(append).rejects.toBeInstanceOf(EventIdConflictError);
    await sealer.done;
    expect(await queued()).toEqual([]);
    expect((await store.readAll()).filter((r) => r.eventId === e.eventId).map((r) => r.streamId)).toEqual(['clue-d']);
  }, 60_000);
});

/**
 * A sealer whose batch, once it has moved rows, holds its transaction open until `commit()`. A
 * batch that moved nothing (the server-wide fence held the rows back: another suite's open
 * transaction) commits at once and is tried again.
 */
class HeldSealer {
  private release!: () => void;
  private readonly released = new Promise<void>((r) => (this.release = r));
  done: Promise<unknown> = Promise.resolve();

  constructor(private readonly sql: SqlClient) {}

  async moved(expected: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      let signal!: (rows: number) => void;
      const inside = new Promise<number>((r) => (signal = r));
      const held = this.holding(signal);
      this.done = sealPendingBatch(held, 'sha256');
      const rows = await Promise.race([inside, this.done.then(() => 0)]);
      if (rows === expected) return;
      if (rows > 0) throw new Error(`the sealer moved ${rows} rows, not ${expected}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the sealer moved nothing for 30 s');
  }

  commit(): void {
    this.release();
  }

  /** The client, with a transaction that signals how many rows it left the queue with, then waits for commit(). */
  private holding(signal: (rows: number) => void): SqlClient {
    return new HoldingSqlClient(this.sql, signal, this.released);
  }
}

class HoldingSqlClient extends DelegatingSqlClient {
  constructor(inner: SqlClient, private readonly signal: (rows: number) => void, private readonly released: Promise<void>) {
    super(inner);
  }

  override transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.transaction(async (tx) => {
      const result = await fn(tx);
      const rows = Array.isArray(result) ? result.length : 0;
      this.signal(rows);
      if (rows > 0) await this.released;
      return result;
    });
  }
}
