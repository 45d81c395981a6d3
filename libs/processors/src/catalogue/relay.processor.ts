import { type Bus, EventRelay, SqlCheckpointStore } from '@cluebus/bus';
import type { EventStore, SqlClient } from '@cluebus/eventstore';
import type { SingletonProcessor } from '../processor';
import type { ProcessorLog } from '../processor-log';

export const RELAY = 'relay';

/**
 * The store → bus relay, a singleton: whichever process holds the `relay` lease ships, from the
 * shared checkpoint; its checkpoint writes are fenced, so a holder that lost the lease cannot
 * write. What a stale holder published before it noticed comes again, and consumers dedup it.
 */
export function relayProcessor(deps: { store: EventStore; bus: Bus; sql: SqlClient; log: ProcessorLog }): SingletonProcessor {
  return {
    kind: 'singleton',
    name: RELAY,
    async start(fence) {
      const relay = new EventRelay(deps.store, deps.bus, new SqlCheckpointStore(deps.sql, fence), RELAY, (error) =>
        deps.log.warn({ msg: 'relay batch failed; retrying', error: String(error) }),
      );
      await relay.start();
      return { stop: () => relay.stop(), status: () => ({ position: relay.position }) };
    },
  };
}
