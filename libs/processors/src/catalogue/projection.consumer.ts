import { fromBusMessage } from '@cluebus/bus';
import type { SqlClient } from '@cluebus/eventstore';
import { IdempotentProjector, type Projection } from '@cluebus/projections';
import { SqlParkingLot } from '../parking/parking-lot';
import type { GroupProcessor } from '../processor';

/**
 * A projection fed by a topic, as a group processor: each fetched batch applied in one
 * transaction, each event's effect exactly once (dedup marks in the same transaction).
 * The group is `cluebus-<name>`: one per processor name, so never shared across topics.
 * Parking keeps per-stream order (the parking lot beside the dedup marks).
 */
export function projectionConsumer(deps: { name: string; topic: string; projection: Projection; sql: SqlClient }): GroupProcessor {
  const projector = new IdempotentProjector(deps.sql, deps.projection);
  return {
    kind: 'group',
    name: deps.name,
    topic: deps.topic,
    init: () => projector.init(),
    handleBatch: (messages) => projector.handleBatch(messages.map(fromBusMessage)),
    parking: new SqlParkingLot(deps.sql, deps.name),
    handleOne: async (message) => ((await projector.handle(fromBusMessage(message))) ? { applied: 1, duplicates: 0 } : { applied: 0, duplicates: 1 }),
  };
}
