/**
 * The Docker-free Kafka runner (deploy/kafka) against kafkajs 2.2.4, end to end:
 * topic creation, 1,000 messages through a consumer group, and a broker restart mid-run
 * (the fault tests rely on restart() keeping ports and data).
 * Starts its own broker: needs java + (first run only) mvn and Maven Central.
 */
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import { startKafka, type KafkaHandle } from '../../deploy/kafka/kafka-runner';

jest.setTimeout(120_000);

describe('local Kafka broker (deploy/kafka) with kafkajs', () => {
  let broker: KafkaHandle;
  let kafka: Kafka;
  const open: Array<Producer | Consumer> = [];

  beforeAll(async () => {
    broker = await startKafka(); // first run also fetches the jars with mvn
    kafka = new Kafka({ clientId: 'kafka-broker-e2e', brokers: broker.brokers, logLevel: logLevel.NOTHING });
  }, 300_000);

  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.disconnect().catch(() => {})));
  });

  afterAll(async () => {
    await broker?.stop();
  });

  const producer = async (opts: Parameters<Kafka['producer']>[0] = {}) => {
    const p = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...opts });
    open.push(p);
    await p.connect();
    return p;
  };

  /** A group consumer collecting `value`s (and per-partition order) from the beginning. */
  const consumer = async (topic: string, groupId: string) => {
    // Short long-poll: disconnect() waits for the in-flight fetch (default up to 5 s).
    const c = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
    open.push(c);
    const seen = new Set<string>();
    const byPartition = new Map<number, number[]>();
    const crashes: string[] = [];
    c.on(c.events.CRASH, (e) => crashes.push(String(e.payload.error)));
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    await c.run({
      eachMessage: async ({ partition, message }) => {
        const v = message.value!.toString();
        seen.add(v);
        byPartition.set(partition, [...(byPartition.get(partition) ?? []), Number(v)]);
      },
    });
    return { seen, byPartition, crashes };
  };

  const createTopic = async (topic: string, numPartitions: number) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true })).toBe(true);
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(meta.topics[0].partitions).toHaveLength(numPartitions);
    } finally {
      await admin.disconnect();
    }
  };

  const produceRange = async (p: Producer, topic: string, from: number, to: number) => {
    for (let i = from; i < to; i += 100) {
      const messages = [];
      for (let j = i; j < Math.min(i + 100, to); j++) messages.push({ key: `k${j}`, value: String(j) });
      await p.send({ topic, messages });
    }
  };

  it('creates a 3-partition topic and moves 1,000 messages through a consumer group', async () => {
    const topic = 'e2e-thousand';
    await createTopic(topic, 3);
    const p = await producer();
    await produceRange(p, topic, 0, 1000);

    const got = await consumer(topic, 'e2e-thousand-group');
    await waitFor(() => got.seen.size === 1000, 60_000, () => `consumed ${got.seen.size}/1000`);
    expect(got.byPartition.size).toBe(3); // keys spread over all partitions
    for (const values of got.byPartition.values()) {
      expect(values).toEqual([...values].sort((a, b) => a - b)); // per-partition order kept
    }
    expect(got.crashes).toEqual([]);
  });

  it('does not auto-create topics (the bus must declare them)', async () => {
    const p = await producer({ retry: { retries: 1, initialRetryTime: 100 } });
    await expect(p.send({ topic: 'e2e-no-such-topic', messages: [{ value: 'x' }] })).rejects.toThrow();
  });

  it('keeps producing and consuming across a broker restart (same port, same data)', async () => {
    const topic = 'e2e-restart';
    await createTopic(topic, 3);
    const p = await producer();
    const got = await consumer(topic, 'e2e-restart-group');
    await produceRange(p, topic, 0, 200);
    await waitFor(() => got.seen.size === 200, 60_000, () => `before restart: consumed ${got.seen.size}/200`);

    const pidBefore = broker.pid();
    const t0 = Date.now();
    await broker.restart();
    console.log(`broker restart took ${Date.now() - t0} ms`);
    expect(broker.pid()).not.toBe(pidBefore);

    // Same producer and consumer instances: kafkajs has to reconnect on its own.
    await produceRange(p, topic, 200, 400);
    await waitFor(() => got.seen.size === 400, 90_000, () => `after restart: consumed ${got.seen.size}/400`);

    // The data dir survived: a new group reads everything from the beginning.
    const fresh = await consumer(topic, 'e2e-restart-fresh-group');
    await waitFor(() => fresh.seen.size === 400, 60_000, () => `fresh group: consumed ${fresh.seen.size}/400`);
  });
});

async function waitFor(cond: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
