/**
 * The EventStore contract on PostgreSQL with positions assigned by the sealer (docs/adr/0009):
 * appends commit concurrently and a sealer loop seals them. Appends wait for their seal here,
 * because the contract checks the positions and hashes append returns. Same server and failure
 * rule as postgres.contract.spec.ts: no server → this file FAILS.
 */
import { PostgresSqlClient, SqlEventStore } from '@cluebus/eventstore';
import { createTestDatabase } from '../support/postgres-database';
import { eventStoreContract, SQL_CAPABILITIES } from './event-store.contract';

let db: { url: string; drop: () => Promise<void> } | undefined;

beforeAll(async () => {
  db = await createTestDatabase('cluebus_sealer_contract');
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

const url = () => {
  if (!db) throw new Error('the test database was not created (see the beforeAll error above)');
  return db.url;
};

// Every store runs a sealer loop, as every appending process would run the sealer processor:
// two loops at once are safe (the head row serialises batches), which this also exercises.
const openOn = async (target: string) => {
  const store = await SqlEventStore.open(new PostgresSqlClient({ connectionString: target }), {
    sealing: 'sealer',
    runSealer: true,
    waitForSealByDefault: true,
  });
  return { store, close: () => store.close() };
};

eventStoreContract('postgres (sealer)', () => openOn(url()), {
  ...SQL_CAPABILITIES,
  openPeer: () => openOn(url()),
});
