import { randomUUID } from 'node:crypto';
import type { EventStore } from '@cluebus/eventstore';
import type { sampleEvents } from '../../libs/audit/test/sample-log';

/**
 * Appends the audit sample log through the store, `group` appends at a time, each with the
 * version its stream is at (groups go in submission order, so the versions hold): a realistic
 * log of clue streams for benchmarks and verification tests.
 */
export async function appendSampleLog(store: EventStore, events: ReturnType<typeof sampleEvents>, group: number): Promise<void> {
  for (let i = 0; i < events.length; i += group) {
    await Promise.all(
      events.slice(i, i + group).map((e) =>
        store.append(e.streamId, [{ eventId: randomUUID(), type: e.type, schemaVersion: 1, data: e.data, metadata: e.metadata }], {
          expectedVersion: e.streamPosition === 0 ? 'no-stream' : e.streamPosition - 1,
        }),
      ),
    );
  }
}
