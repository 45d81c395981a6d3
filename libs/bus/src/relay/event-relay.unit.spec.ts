import type { RecordedEvent } from '@cluebus/contracts';
import type { EventStore, SubscribeOptions } from '@cluebus/eventstore';
import { InProcessBus } from '../in-process/in-process-bus';
import { type BusMessage, messageSize, Topics } from '../bus';
import { chunksByBytes, type CheckpointStore, EventRelay, RelayGapError } from './event-relay';

const event = (position: number, bytes = 100): RecordedEvent => ({
  eventId: `00000000-0000-7000-8000-${String(position).padStart(12, '0')}`,
  type: 'ClueTransferred',
  schemaVersion: 1,
  data: { to: ['samr:341300'], note: 'x'.repeat(bytes) },
  metadata: { department: 'nhc:341300', actor: 'a', occurredAt: '2026-01-01T00:00:00.000Z', causationId: 'c', correlationId: 'c' },
  streamId: `clue-${position % 3}`,
  streamPosition: 0,
  globalPosition: position,
  recordedAt: '2026-01-01T00:00:00.000Z',
  prevHash: '',
  hash: '',
});

/** A store that hands the relay exactly the batches given: pure logic, no database. */
function storeOf(batches: RecordedEvent[][]): EventStore {
  return {
    subscribeToAll(handler: (events: RecordedEvent[]) => Promise<void>, options: SubscribeOptions) {
      const done = (async () => {
        for (const batch of batches) {
          try {
            await handler(batch);
          } catch (error) {
            options.onError?.(error);
          }
        }
      })();
      return { position: 0, stop: () => done };
    },
  } as unknown as EventStore;
}

const memoryCheckpoints = (): CheckpointStore & { saved: number[] } => {
  const saved: number[] = [];
  return { saved, load: async () => 0, save: async (_, p) => void saved.push(p) };
};

describe('chunksByBytes', () => {
  it('given messages of 10 KB, when cut at 25 KB, then chunks of two keep their order and none is over the cap', () => {
    const messages: BusMessage[] = Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, value: 'v'.repeat(10_000), headers: {} }));
    const chunks = chunksByBytes(messages, 25_000);
    expect(chunks.map((c) => c.map((m) => m.key))).toEqual([['k0', 'k1'], ['k2', 'k3'], ['k4']]);
    for (const c of chunks) expect(c.reduce((s, m) => s + messageSize(m), 0)).toBeLessThanOrEqual(25_000);
  });

  it('given one message larger than the cap, then it goes alone', () => {
    const big = { key: 'k', value: 'v'.repeat(50_000), headers: {} };
    expect(chunksByBytes([big, { ...big, key: 'k2', value: 'small' }], 10_000).map((c) => c.length)).toEqual([1, 1]);
  });
});

describe('EventRelay', () => {
  it('given a batch of large events, when shipped, then each topic gets them in order in publishes under the byte cap', async () => {
    const bus = new InProcessBus();
    const publishes: number[] = [];
    const seen: number[] = [];
    await bus.subscribeBatches(Topics.allEvents, 'probe', async (ms) => {
      publishes.push(ms.reduce((s, m) => s + messageSize(m), 0));
      seen.push(...ms.map((m) => Number(m.headers['cluebus-global-position'])));
    });
    const checkpoints = memoryCheckpoints();
    const relay = new EventRelay(storeOf([Array.from({ length: 20 }, (_, i) => event(i + 1, 20_000))]), bus, checkpoints, 'relay', { maxPublishBytes: 100_000 });
    await relay.start();
    await relay.stop();
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(publishes.length).toBeGreaterThan(1);
    expect(Math.max(...publishes)).toBeLessThanOrEqual(100_000);
    expect(checkpoints.saved).toEqual([20]);
    expect(relay.status()).toMatchObject({ position: 20, failures: 0 });
  });

  it('given a gap in the global log, when the relay reads past it, then it ships nothing beyond the gap, says halted, and counts the failure', async () => {
    const bus = new InProcessBus();
    const seen: number[] = [];
    await bus.subscribe(Topics.allEvents, 'probe', async (m) => void seen.push(Number(m.headers['cluebus-global-position'])));
    const errors: unknown[] = [];
    const checkpoints = memoryCheckpoints();
    const relay = new EventRelay(storeOf([[event(1), event(2)], [event(4), event(5)]]), bus, checkpoints, 'relay', { onError: (e) => errors.push(e) });
    await relay.start();
    await relay.stop();
    expect(seen).toEqual([1, 2]);
    expect(checkpoints.saved).toEqual([2]);
    expect(errors[0]).toBeInstanceOf(RelayGapError);
    expect(relay.status()).toMatchObject({ position: 2, failures: 1, halted: expect.stringContaining('expected position 3, read 4') });
  });
});
