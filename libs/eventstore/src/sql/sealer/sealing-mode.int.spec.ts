import { createTestDatabase } from '../../../../../test/support/postgres-database';
import { storeEvent } from '../../../../../test/fixtures/store-events';
import { sealExactly } from '../../../../../test/support/seal-pending-events';
import { SealingModeError } from '../../errors';
import { PostgresSqlClient } from '../../postgres/postgres-sql-client';
import { EVENT_STORE_SCHEMA } from '../schema';
import { SqlEventStore } from '../sql-event-store';

/**
 * One store, one way of assigning positions (docs/adr/0009): an inline append does not see the
 * appends queued for the sealer, so once a process opens the store in sealer mode every inline
 * append — of a process started before, as in a rolling switch — is refused, and nothing of it
 * is stored. Back to inline only with an empty queue.
 */
describe('the store\'s sealing mode', () => {
  let db: { url: string; drop: () => Promise<void> };
  const stores: SqlEventStore[] = [];
  const open = async (sealing: 'inline' | 'sealer') => {
    const store = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url }), { sealing });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    db = await createTestDatabase('cluebus_sealing_mode');
  }, 60_000);
  afterAll(async () => {
    for (const s of stores) await s.close();
    await db?.drop();
  });

  it('given an inline process already appending, when another opens the store in sealer mode, then the inline process\'s next append is refused and stores nothing; the sealer\'s are sealed', async () => {
    const inline = await open('inline');
    await inline.append('clue-a', [storeEvent(0)], { expectedVersion: 'no-stream' });
    await inline.append('clue-a', [storeEvent(1)], { expectedVersion: 0 }); // the fast path knows the head now

    const sealer = await open('sealer');
    await sealer.append('clue-a', [storeEvent(2)], { expectedVersion: 1 }); // queued, not sealed

    await expect(inline.append('clue-a', [storeEvent(3)], { expectedVersion: 1 })).rejects.toBeInstanceOf(SealingModeError);
    await expect(inline.append('clue-b', [storeEvent(0)], { expectedVersion: 'no-stream' })).rejects.toBeInstanceOf(SealingModeError);
    expect(await sealExactly(sealer.sql, 1)).toHaveLength(1);
    expect((await inline.readStream('clue-a')).map((e) => [e.streamPosition, e.globalPosition])).toEqual([[0, 1], [1, 2], [2, 3]]);
    expect(await inline.readStream('clue-b')).toEqual([]);
  }, 60_000); // sealing waits out the server-wide fence: another suite's open transaction

  it('given the sealer mode, when switching back to inline with an event queued, then it is refused; once sealed, it switches and inline appends go on from the sealed head', async () => {
    const [inline, sealer] = stores;
    await sealer.append('clue-c', [storeEvent(0)], { expectedVersion: 'no-stream' });
    await expect(SqlEventStore.switchSealing(inline.sql, 'inline')).rejects.toThrow('still queued');
    expect(await sealExactly(sealer.sql, 1)).toHaveLength(1);
    await SqlEventStore.switchSealing(inline.sql, 'inline');
    const next = await inline.append('clue-c', [storeEvent(1)], { expectedVersion: 0 });
    expect(next.lastGlobalPosition).toBe(5);
  }, 60_000);

  it('given a store created before the sealing column, when the schema runs, then the head gets it, saying inline', async () => {
    const [inline] = stores;
    await inline.sql.exec(`ALTER TABLE cluebus_log_head DROP COLUMN sealing`);
    await inline.sql.exec(EVENT_STORE_SCHEMA);
    const { rows } = await inline.sql.query<{ sealing: string }>(`SELECT sealing FROM cluebus_log_head`);
    expect(rows).toEqual([{ sealing: 'inline' }]);
  });
});
