/**
 * The EventStore contract on the EventStoreDB adapter (EsdbEventStore) over an in-memory
 * IMITATION of the server (support/esdb-imitation.ts) — not the server. It runs the adapter's
 * own code (expected-version and idempotency mapping, $all paging past system and foreign
 * events, the lazy hash chain, re-subscription after drops) everywhere, including machines
 * without Docker; the run against the real server is esdb.contract.spec.ts.
 */
import { EsdbEventStore } from '@cluebus/eventstore';
import { eventStoreContract } from './event-store.contract';
import { EsdbImitation } from './support/esdb-imitation';

let server: EsdbImitation;

const open = () => {
  const store = EsdbEventStore.withClient(server.client(), { subscriptionBackoffMs: 20 });
  return { store, close: () => store.close() };
};

eventStoreContract(
  'esdb adapter over an in-memory imitation of EventStoreDB (not the server)',
  async () => {
    server = new EsdbImitation();
    server.writeForeign(); // another writer's event: not part of the cluebus log
    return open();
  },
  {
    contiguousPositions: false,
    hashChain: true,
    globallyUniqueEventIds: false,
    nul: 'roundtrip',
    openPeer: async () => open(),
    openInterruptible: async () => {
      const client = server.client();
      const store = EsdbEventStore.withClient(client, { subscriptionBackoffMs: 20 });
      return { store, interrupt: () => server.dropSubscriptions(client), close: () => store.close() };
    },
  },
);
