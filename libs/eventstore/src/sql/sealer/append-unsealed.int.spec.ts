import { createTestDatabase } from '../../../../../test/support/postgres-database';
import { storeEvent } from '../../../../../test/fixtures/store-events';
import { PostgresSqlClient } from '../../postgres/postgres-sql-client';
import { SqlEventStore } from '../sql-event-store';

/**
 * An append in sealer mode that does not wait for its seal (docs/adr/0009) answers without
 * reading its events back: the result must be what readStream answers at that moment — the
 * events as queued, not sealed yet (position 0, no hash) — and, once sealed, the same content at
 * its sealed position.
 */
describe('an append that does not wait for its seal', () => {
  let db: { url: string; drop: () => Promise<void> };
  let store: SqlEventStore;
  const firstEvents = [storeEvent(0), storeEvent(1)];

  beforeAll(async () => {
    db = await createTestDatabase('cluebus_unsealed');
    store = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url }), { sealing: 'sealer' }); // no sealer runs yet
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('given no sealer running, when a plain append and a fallback append (stream-exists) commit, then each result equals readStream of those events, unsealed', async () => {
    const first = await store.append('clue-unsealed', firstEvents, { expectedVersion: 'no-stream' });
    const second = await store.append('clue-unsealed', [storeEvent(2)], { expectedVersion: 'stream-exists' }); // the exact path, not the function

    const read = await store.readStream('clue-unsealed', { raw: true });
    expect([...first.events, ...second.events]).toEqual(read);
    expect(read.map((e) => [e.streamPosition, e.globalPosition, e.hash])).toEqual([[0, 0, ''], [1, 0, ''], [2, 0, '']]);
    expect(first.lastGlobalPosition).toBe(0);
    expect(second.nextExpectedVersion).toBe(2);
  });

  it('given those events, when a replay of the first append comes, then it is answered from the store, as an idempotent replay', async () => {
    const again = await store.append('clue-unsealed', firstEvents, { expectedVersion: 'no-stream' });
    expect(again.idempotentReplay).toBe(true);
    expect(again.events).toEqual((await store.readStream('clue-unsealed', { raw: true })).slice(0, 2));
  });
});
