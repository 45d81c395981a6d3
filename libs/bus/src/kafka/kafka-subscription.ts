import type { Consumer, EachBatchPayload, Kafka, Offsets } from 'kafkajs';
import type { BatchHandler, BusSubscription } from '../bus';
import type { KafkaBusLog } from './kafka-log';
import { fromKafkaMessage } from './kafka-message';
import { type CommitPolicy, OffsetTracker, type PartitionOffset } from './offset-tracker';

export interface ConsumerSettings {
  /** How soon a member that died (kill -9) loses its partitions to a live one. */
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** Long-poll wait of a fetch; the broker answers at once when data arrives. Also bounds stop(). */
  maxWaitTimeMs: number;
  /** Partitions handled at the same time; each one still strictly in order. */
  partitionsConsumedConcurrently: number;
  /** Most messages handed to the handler at once (one database transaction per chunk). */
  maxBatchMessages: number;
  commit: CommitPolicy;
  /** Wait before rebuilding a consumer that kafkajs gave up on (non-retriable crash). */
  restartDelayMs: number;
}

export const DEFAULT_CONSUMER_SETTINGS: ConsumerSettings = {
  sessionTimeoutMs: 10_000,
  heartbeatIntervalMs: 1_000,
  maxWaitTimeMs: 1_000,
  partitionsConsumedConcurrently: 3,
  maxBatchMessages: 200,
  commit: { maxUncommitted: 200, maxAgeMs: 1_000 },
  restartDelayMs: 1_000,
};

/**
 * One consumer group member on one topic, at-least-once:
 * - auto-commit is off; an offset is committed only after its handler resolved (the handler
 *   commits its effect and dedup mark in the database first), in batches (see OffsetTracker);
 * - messages of a partition are handed over in offset order, in chunks of at most
 *   `maxBatchMessages` (1 for a per-message subscriber; a batch subscriber applies a chunk in
 *   one transaction); a chunk's offsets are resolved only after its handler resolved;
 * - a rebalance or crash resumes from the last committed offset: messages handled since are
 *   delivered again and the handler's dedup absorbs them;
 * - kafkajs restarts itself after retriable crashes (broker restart, coordinator moved);
 *   after a non-retriable one this class builds a fresh consumer and joins again.
 * A new group starts at the beginning of the topic, so a department that was never up still
 * receives everything the topic retains.
 */
export class KafkaSubscription implements BusSubscription {
  private consumer?: Consumer;
  private stopped = false;
  private restartTimer?: NodeJS.Timeout;
  private flushTimer?: NodeJS.Timeout;
  private readonly offsets: OffsetTracker;
  /** Per partition of this member: the high watermark of its last fetch and the next offset to handle. */
  private readonly positions = new Map<number, { high: bigint; next: bigint }>();

  constructor(
    private readonly kafka: Kafka,
    /** Physical (namespaced) names. */
    private readonly topic: string,
    private readonly groupId: string,
    /** The topic name handlers see. */
    private readonly logicalTopic: string,
    private readonly handler: BatchHandler,
    private readonly settings: ConsumerSettings,
    private readonly log: KafkaBusLog,
  ) {
    this.offsets = new OffsetTracker(settings.commit);
  }

  async start(): Promise<void> {
    if (!this.flushTimer) {
      this.flushTimer = setInterval(() => void this.flush(), Math.max(100, this.settings.commit.maxAgeMs / 2));
      this.flushTimer.unref();
    }
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.settings.sessionTimeoutMs,
      heartbeatInterval: this.settings.heartbeatIntervalMs,
      maxWaitTimeInMs: this.settings.maxWaitTimeMs,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 10 },
    });
    this.consumer = consumer;
    // After any (re)join the broker's committed offsets are the truth again.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.offsets.reset();
      this.positions.clear(); // the assignment may have changed
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => this.crashed(consumer, payload.error, payload.restart));
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const commit = (offsets: Offsets) => commitOffsetsIfNecessary(offsets);
    try {
      const messages = batch.messages;
      const high = BigInt(batch.highWatermark);
      if (messages.length > 0) this.positions.set(batch.partition, { high, next: BigInt(messages[0].offset) });
      for (let i = 0; i < messages.length; i += this.settings.maxBatchMessages) {
        if (!isRunning() || isStale()) break;
        const chunk = messages.slice(i, i + this.settings.maxBatchMessages);
        // Heartbeats go on while the handler runs (it may wait out a database outage for
        // longer than the session timeout): the member stays in its group, no rebalance storm.
        const beating = setInterval(() => void heartbeat().catch(() => undefined), this.settings.heartbeatIntervalMs);
        try {
          await this.handler(chunk.map((m) => fromKafkaMessage(this.logicalTopic, batch.partition, m)));
        } finally {
          clearInterval(beating);
        }
        const last = chunk[chunk.length - 1].offset;
        resolveOffset(last);
        this.offsets.markHandled(batch.topic, batch.partition, last, Date.now(), chunk.length);
        this.positions.set(batch.partition, { high, next: BigInt(last) + 1n });
        if (this.offsets.due()) await this.commit(commit);
        await heartbeat();
      }
    } catch (error) {
      // What was handled before the failure need not come again.
      await this.commit(commit);
      throw error;
    }
    // Stopping or rebalancing: hand over a clean position. Otherwise not at every batch end:
    // under a trickle every batch is one message, and an OffsetCommit per message costs the
    // broker more than the message. The flush timer covers a topic that went quiet.
    if (!isRunning() || isStale()) await this.commit(commit);
  }

  /** Commits through the consumer (outside eachBatch); a no-op once kafkajs stopped running. */
  private commitNow(consumer: Consumer, timeoutMs: number): Promise<void> {
    return this.commit((offsets) =>
      withTimeout(consumer.commitOffsets(offsets.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, ...p })))), timeoutMs),
    );
  }

  /** Commits handled offsets that are older than the policy allows while no message arrives. */
  private readonly flush = async () => {
    const consumer = this.consumer;
    if (!consumer || this.stopped || !this.offsets.due()) return;
    await this.commitNow(consumer, 10_000);
  };

  private async commit(commitOffsets: (offsets: Offsets) => Promise<void>): Promise<void> {
    const offsets = this.offsets.beginCommit();
    if (offsets.length === 0) return;
    try {
      await commitOffsets(toOffsets(offsets));
      this.offsets.markCommitted(offsets);
    } catch (error) {
      // Not fatal: these messages come again after a restart and are deduplicated.
      this.log.warn({ msg: 'offset commit failed; will retry with the next commit', group: this.groupId, error: String(error) });
    }
  }

  private crashed(consumer: Consumer, error: Error, kafkajsRestarts: boolean): void {
    if (this.stopped || consumer !== this.consumer) return;
    if (kafkajsRestarts) {
      this.log.warn({ msg: 'kafka consumer crashed; kafkajs restarts it', group: this.groupId, error: String(error) });
      return;
    }
    this.log.error({ msg: 'kafka consumer crashed (non-retriable); rebuilding it', group: this.groupId, error: String(error) });
    this.scheduleRebuild(consumer);
  }

  private scheduleRebuild(old: Consumer): void {
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(async () => {
      if (this.stopped) return;
      await old.disconnect().catch(() => undefined);
      this.offsets.reset();
      try {
        await this.start();
        this.log.info({ msg: 'kafka consumer rebuilt', group: this.groupId });
      } catch (error) {
        this.log.error({ msg: 'kafka consumer rebuild failed; retrying', group: this.groupId, error: String(error) });
        if (this.consumer) this.scheduleRebuild(this.consumer);
      }
    }, this.settings.restartDelayMs);
  }

  lag(): number {
    let lag = 0n;
    for (const p of this.positions.values()) if (p.high > p.next) lag += p.high - p.next;
    return Number(lag);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    clearInterval(this.flushTimer);
    const consumer = this.consumer;
    if (!consumer) return;
    // Commit what earlier batches handled (bounded: the broker may be down), then disconnect:
    // it lets the batch in hand finish, which commits its own progress, and leaves the group.
    await this.commitNow(consumer, 3_000);
    await consumer.disconnect().catch(() => undefined);
  }
}

function toOffsets(offsets: PartitionOffset[]): Offsets {
  const byTopic = new Map<string, Array<{ partition: number; offset: string }>>();
  for (const o of offsets) {
    const list = byTopic.get(o.topic) ?? byTopic.set(o.topic, []).get(o.topic)!;
    list.push({ partition: o.partition, offset: o.offset });
  }
  return { topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
