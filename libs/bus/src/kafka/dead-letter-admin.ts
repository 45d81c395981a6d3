import { randomUUID } from 'node:crypto';
import { Topics } from '../bus';
import { decodeHeaders } from './kafka-message';
import type { KafkaBus } from './kafka-bus';
import {
  type DeadLetterEntry,
  type DeadLetterFilter,
  type DeadLetterRecord,
  matchDeadLetters,
  readDeadLetterLog,
  replayEntries,
  selectForReplay,
} from './dead-letter-log';

/**
 * Reads the dead-letter topic and sends parked messages back where they came from
 * (`cluebus dlq list|replay`). A replay re-publishes the message with its original key and
 * headers to its original topic (every group on that topic sees it again; those that had
 * handled it dedup), then appends a replay marker to the dead-letter topic.
 */
export class DeadLetterAdmin {
  constructor(
    private readonly bus: KafkaBus,
    private readonly timeoutMs = 30_000,
  ) {}

  async list(filter: DeadLetterFilter = {}): Promise<DeadLetterEntry[]> {
    return matchDeadLetters(readDeadLetterLog(await this.readAll()), filter);
  }

  /** Returns the entries replayed (or that would be, with dryRun). */
  async replay(filter: DeadLetterFilter & { dryRun?: boolean }): Promise<DeadLetterEntry[]> {
    const chosen = selectForReplay(readDeadLetterLog(await this.readAll()), filter);
    if (filter.dryRun) return chosen;
    await replayEntries(this.bus, chosen);
    return chosen;
  }

  /**
   * Every record of the dead-letter topic up to its current end. kafkajs has no manual partition
   * assignment, so a throwaway consumer group reads from the beginning and is deleted after.
   */
  private async readAll(): Promise<DeadLetterRecord[]> {
    const topic = this.bus.names.topic(Topics.deadLetter);
    const admin = this.bus.kafka.admin();
    await admin.connect();
    const groupId = this.bus.names.group(`cluebus-dlq-reader-${randomUUID()}`);
    try {
      if (!(await admin.listTopics()).includes(topic)) return []; // no service has started yet: nothing parked
      const ends = await admin.fetchTopicOffsets(topic);
      const remaining = new Map(ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high) - 1n]));
      if (remaining.size === 0) return [];
      const records: DeadLetterRecord[] = [];
      const consumer = this.bus.kafka.consumer({ groupId, maxWaitTimeInMs: 250 });
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        let done!: () => void;
        const finished = new Promise<void>((resolve) => (done = resolve));
        await consumer.run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const last = remaining.get(batch.partition);
            for (const m of batch.messages) {
              if (last === undefined || BigInt(m.offset) > last) break;
              records.push({ partition: batch.partition, offset: m.offset, timestamp: new Date(Number(m.timestamp)).toISOString(), key: m.key?.toString('utf8') ?? '', value: m.value?.toString('utf8') ?? '', headers: decodeHeaders(m.headers) });
              if (BigInt(m.offset) === last) remaining.delete(batch.partition);
            }
            if (remaining.size === 0) done();
          },
        });
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          finished,
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`reading ${topic} took over ${this.timeoutMs} ms`)), this.timeoutMs))),
        ]).finally(() => clearTimeout(timer));
      } finally {
        await consumer.disconnect().catch(() => undefined);
      }
      return records;
    } finally {
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  }
}
