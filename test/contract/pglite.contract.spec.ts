/**
 * The EventStore contract on PGlite (embedded PostgreSQL): in memory, and with a data
 * directory on disk that is closed and reopened to prove the log, its positions and its hash
 * chain survive.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainHash } from '@cluebus/audit';
import { PgliteSqlClient, SqlEventStore } from '@cluebus/eventstore';
import { event, eventStoreContract, range, SQL_CAPABILITIES } from './event-store.contract';

const openPglite = async (dataDir?: string) => {
  const store = await SqlEventStore.open(await PgliteSqlClient.open(dataDir));
  return { store, close: () => store.close() };
};

eventStoreContract('pglite (in memory)', () => openPglite(), SQL_CAPABILITIES);

describe('PGlite with a data directory on disk', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cluebus-contract-pglite-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  eventStoreContract('pglite (on disk)', () => openPglite(dataDir), SQL_CAPABILITIES);

  it('given events written and the store closed, when it is reopened on the same directory, then the log, positions and chain are intact and appends continue the chain', async () => {
    const first = await openPglite(dataDir);
    const s = `durable-${Date.now()}`;
    const written = await first.store.append(s, range(3).map((i) => event('Durable', { i, text: '线索移交 🚨' })), { expectedVersion: 'no-stream' });
    const before = await first.store.readAll();
    const head = await first.store.headPosition();
    await first.close();

    const reopened = await openPglite(dataDir);
    try {
      expect(await reopened.store.readAll()).toEqual(before);
      expect(await reopened.store.headPosition()).toBe(head);
      expect(await reopened.store.readStream(s)).toEqual(written.events);

      const next = await reopened.store.append(s, [event('AfterReopen')], { expectedVersion: 2 });
      expect(next.events[0].globalPosition).toBe(head + 1);
      expect(next.events[0].streamPosition).toBe(3);
      expect(next.events[0].prevHash).toBe(before[before.length - 1].hash);
      const { prevHash, hash, ...content } = next.events[0];
      expect(chainHash(prevHash, content)).toBe(hash);
    } finally {
      await reopened.close();
    }
  }, 60_000);
});
