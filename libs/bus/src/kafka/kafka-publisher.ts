import { type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import type { KafkaBusLog } from './kafka-log';

interface PendingSend {
  topic: string;
  messages: Message[];
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The one producer of a bus: idempotent (the broker drops a retried batch it already wrote),
 * acks from all in-sync replicas, one request in flight (so a retry cannot overtake the batch
 * behind it, which keeps per-key order). Message key = stream id → one partition per stream.
 *
 * publish() calls made in the same tick (the relay sends one batch to several topics at once)
 * and calls that arrive while a request is in flight are coalesced into one produce request
 * (`sendBatch`), in call order, so order per topic-partition is the call order.
 *
 * kafkajs's idempotent producer is known not to recover from some broker-side state losses
 * (OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID: tulios/kafkajs#598): after any failed
 * send the producer is dropped and a new one (new producer id) is made for the next send. The
 * caller retries (the relay re-reads from its checkpoint); consumers dedup the re-sends.
 */
export class KafkaPublisher {
  private producer?: Promise<Producer>;
  private queue: PendingSend[] = [];
  private scheduled = false;
  private draining = false;
  private closed = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly log: KafkaBusLog,
    /** Upper bound of one coalesced request; a single larger publish still goes alone. */
    private readonly maxRequestBytes = 900_000,
  ) {}

  publish(topic: string, messages: Message[], bytes: number): Promise<void> {
    if (this.closed) return Promise.reject(new Error('bus closed'));
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ topic, messages, bytes, resolve, reject });
      if (!this.draining && !this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => {
          this.scheduled = false;
          void this.drain();
        });
      }
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const group = this.take();
        try {
          const producer = await this.connected();
          const byTopic = new Map<string, Message[]>();
          for (const send of group) {
            const list = byTopic.get(send.topic);
            if (list) list.push(...send.messages);
            else byTopic.set(send.topic, [...send.messages]);
          }
          await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
          for (const send of group) send.resolve();
        } catch (error) {
          for (const send of group) send.reject(error);
          await this.dropProducer(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private take(): PendingSend[] {
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || bytes + this.queue[n].bytes <= this.maxRequestBytes)) bytes += this.queue[n++].bytes;
    return this.queue.splice(0, n);
  }

  private connected(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner, // murmur2 of the key, as the Java client
        // Unbounded retries (kafkajs's default for idempotence), but short back-off: after a
        // broker restart the next attempt comes within 2 s instead of up to 30 s.
        retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 2_000 },
      });
      const connecting = producer.connect().then(() => producer);
      connecting.catch(() => (this.producer === connecting ? (this.producer = undefined) : undefined));
      this.producer = connecting;
    }
    return this.producer;
  }

  private async dropProducer(cause: unknown): Promise<void> {
    const old = this.producer;
    this.producer = undefined;
    this.log.warn({ msg: 'kafka send failed; producer replaced (the caller retries, consumers dedup)', error: String(cause) });
    await old?.then((p) => p.disconnect()).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const send of this.queue.splice(0)) send.reject(new Error('bus closed'));
    const p = this.producer;
    this.producer = undefined;
    await p?.then((producer) => producer.disconnect()).catch(() => undefined);
  }
}
