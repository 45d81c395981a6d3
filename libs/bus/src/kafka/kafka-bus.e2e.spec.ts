/**
 * The Kafka adapter on the suite's real broker (test/support/kafka global setup): topic
 * creation racing between services, per-key order, and at-least-once across a consumer that
 * stops mid-stream and a successor in the same group.
 */
import { randomBytes } from 'node:crypto';
import { ConfigResourceTypes } from 'kafkajs';
import { eventually } from '../../../../test/support/api-client';
import { getKafkaBrokers } from '../../../../test/support/kafka/kafka-broker';
import type { DeliveredMessage } from '../bus';
import { KafkaBus } from './kafka-bus';

jest.setTimeout(120_000);

describe('KafkaBus on a real broker', () => {
  const namespace = `bus${randomBytes(4).toString('hex')}`;
  const buses: KafkaBus[] = [];
  const bus = (clientId: string, consumer?: ConstructorParameters<typeof KafkaBus>[0]['consumer']) => {
    const b = new KafkaBus({ brokers: getKafkaBrokers(), clientId, namespace, partitions: 3, consumer });
    buses.push(b);
    return b;
  };
  afterAll(async () => {
    for (const b of buses) await b.close();
  });

  it('given two services starting at once, when both ensure the same topics, then both succeed and the topics have the configured partitions and retention', async () => {
    // when
    await Promise.all([bus('a').ensureTopics(['t.one', 't.two', 'cluebus.dlq']), bus('b').ensureTopics(['t.two', 't.one'])]);
    // then
    const admin = buses[0].kafka.admin();
    await admin.connect();
    try {
      const meta = await admin.fetchTopicMetadata({ topics: [`${namespace}.t.one`, `${namespace}.t.two`] });
      expect(meta.topics.map((t) => t.partitions.length)).toEqual([3, 3]);
      // createTopics answers once the controller has them; the broker that answers describeConfigs
      // may learn of a topic a moment later ("does not host this topic-partition", seen in CI): ask again until it knows.
      const configs = await eventually(
        () =>
          admin
            .describeConfigs({
              includeSynonyms: false,
              resources: [`${namespace}.t.one`, `${namespace}.cluebus.dlq`].map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] })),
            })
            .catch((error: Error & { type?: string }) => {
              if (error.type === 'UNKNOWN_TOPIC_OR_PARTITION') return undefined;
              throw error;
            }),
        10_000,
        'the broker to describe the new topics',
      );
      // Defaults (kafka-settings.ts): 30 days for the bus topics, 90 for the dead letters.
      expect(configs.resources.map((r) => r.configEntries[0].configValue)).toEqual([String(30 * 86_400_000), String(90 * 86_400_000)]);
    } finally {
      await admin.disconnect();
    }
  });

  it('given two members of ONE group subscribed to DIFFERENT topics, then one topic is never consumed, with no error (why ProcessorHost refuses such declarations: the cause of the ledger consumer that silently stopped)', async () => {
    // given: the shape of the old fold — a department consumer and the ledger consumer under one group id
    const producer = bus('producer-shared-group');
    await producer.ensureTopics(['t.dept', 't.all']);
    const received = { 't.dept': 0, 't.all': 0 } as Record<string, number>;
    const count = async (m: DeliveredMessage) => void received[m.topic]++;
    await bus('member-a').subscribe('t.dept', 'g.shared', count);
    await bus('member-b').subscribe('t.all', 'g.shared', count);
    // when
    for (const topic of ['t.dept', 't.all']) await producer.publish(topic, Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: String(i), headers: {} })));
    await new Promise((r) => setTimeout(r, 10_000)); // ample time for both topics, were both assigned
    // then: the leader assigns only the topics it subscribes to (over both members); the other
    // member drops what it did not subscribe to — so one topic is consumed by nobody at all
    expect(Math.min(received['t.dept'], received['t.all'])).toBe(0);
    expect(received['t.dept'] + received['t.all']).toBeLessThanOrEqual(30);
  });

  it('given 3,000 messages on 30 keys, when the first consumer stops half-way and a successor joins the group, then every message arrives once, in order per key (a clean stop commits what it handled)', async () => {
    // given
    const producer = bus('producer');
    await producer.ensureTopics(['t.order']);
    const seen = new Map<string, number[]>(); // key → sequence numbers in delivery order
    let deliveries = 0;
    const record = (m: DeliveredMessage) => {
      deliveries++;
      expect(m.topic).toBe('t.order'); // handlers see the logical name
      (seen.get(m.key) ?? seen.set(m.key, []).get(m.key)!).push(Number(m.value));
    };
    const send = async (from: number, to: number) => {
      for (let i = from; i < to; i += 100) {
        const batch = [];
        for (let j = i; j < Math.min(to, i + 100); j++) batch.push({ key: `k${j % 30}`, value: String(j), headers: { seq: String(j) } });
        await producer.publish('t.order', batch);
      }
    };

    // when: the first member consumes part of the stream and stops (clean stop: commits what it handled)
    const first = await bus('first', { commit: { maxUncommitted: 50, maxAgeMs: 60_000 } }).subscribe('t.order', 'order-group', async (m) => record(m));
    await send(0, 1_500);
    await waitFor(() => deliveries >= 1_500, 'first half');
    await first.stop();
    const afterFirst = deliveries;
    await send(1_500, 3_000);
    await bus('successor').subscribe('t.order', 'order-group', async (m) => record(m));

    // then
    await waitFor(() => [...seen.values()].reduce((n, v) => n + new Set(v).size, 0) === 3_000, 'all 3,000');
    for (const [key, values] of seen) {
      const firstDeliveries = values.filter((v, i) => values.indexOf(v) === i);
      expect({ key, ordered: firstDeliveries.every((v, i) => i === 0 || v > firstDeliveries[i - 1]) }).toEqual({ key, ordered: true });
    }
    // the clean stop committed its progress: the successor starts where the first left off
    expect(deliveries - 3_000).toBe(0);
    expect(afterFirst).toBe(1_500);
  });

  it('given a handler that fails once, when the message comes again, then it is retried in place and the partition order is kept', async () => {
    const b = bus('retry');
    await b.ensureTopics(['t.retry']);
    const got: string[] = [];
    let failed = false;
    await b.subscribe('t.retry', 'retry-group', async (m) => {
      if (m.value === '2' && !failed) {
        failed = true;
        throw new Error('transient');
      }
      got.push(m.value);
    });
    await b.publish('t.retry', ['1', '2', '3'].map((v) => ({ key: 'same-key', value: v, headers: {} })));
    await waitFor(() => got.length >= 3, 'three messages after one failure');
    expect(got).toEqual(['1', '2', '3']);
  });
});

async function waitFor(cond: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
