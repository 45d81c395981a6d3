/**
 * The EventStore contract on a real PostgreSQL server (127.0.0.1:5432 or DATABASE_URL), in a
 * fresh database dropped afterwards. No server → this file FAILS (createTestDatabase throws);
 * it is never skipped.
 */
import { PostgresSqlClient, SqlEventStore } from '@cluebus/eventstore';
import { createTestDatabase } from '../support/postgres-database';
import { event, eventStoreContract, SQL_CAPABILITIES } from './event-store.contract';
import { openBehindProxy, TcpProxy } from './support/tcp-proxy';

let db: { url: string; drop: () => Promise<void> } | undefined;

beforeAll(async () => {
  db = await createTestDatabase('cluebus_contract');
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

const openOn = async (url: string, pollIntervalMs?: number) => {
  const store = await SqlEventStore.open(new PostgresSqlClient({ connectionString: url }), { pollIntervalMs });
  return { store, close: () => store.close() };
};

const url = () => {
  if (!db) throw new Error('the test database was not created (see the beforeAll error above)');
  return db.url;
};

eventStoreContract('postgres', () => openOn(url()), {
  ...SQL_CAPABILITIES,
  openPeer: () => openOn(url()),
  openInterruptible: async () => {
    const target = new URL(url());
    return openBehindProxy(target.hostname, Number(target.port || 5432), (proxyPort) => {
      target.hostname = '127.0.0.1';
      target.port = String(proxyPort);
      return openOn(target.toString(), 100);
    });
  },
});

describe('PostgreSQL: cross-process wake-ups after a connection drop', () => {
  it('given a subscriber in another process whose connections drop, then NOTIFY wake-ups resume (not only the poll fallback)', async () => {
    const writer = await openOn(url());
    const target = new URL(url());
    const proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
    target.hostname = '127.0.0.1';
    target.port = String(proxy.port);
    const reader = await openOn(target.toString(), 5_000); // a long poll: only NOTIFY makes delivery fast
    const arrived: number[] = [];
    const subscription = reader.store.subscribeToAll(async (batch) => void arrived.push(...batch.map(() => Date.now())), {
      after: await writer.store.headPosition(),
    });
    const latency = async () => {
      const start = Date.now();
      const seen = arrived.length;
      await writer.store.append(`wake-${start}-${seen}`, [event('Woken')], { expectedVersion: 'no-stream' });
      while (arrived.length === seen && Date.now() - start < 2_500) await new Promise((r) => setTimeout(r, 5));
      return Date.now() - start;
    };
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(await latency()).toBeLessThan(1_000); // NOTIFY works
      expect(proxy.dropAll()).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 1_500)); // time to reconnect
      const after = [await latency(), await latency()];
      expect(after.every((ms) => ms < 1_000)).toBe(true);
    } finally {
      await subscription.stop();
      await reader.close();
      await proxy.close();
      await writer.close();
    }
  }, 30_000);
});
