import { type BatchHandler, type Bus, type BusMessage, type BusSubscription, type DeliveredMessage, type MessageHandler, Topics } from '../bus';
import type { DeadLetterRecord } from '../kafka/dead-letter-log';

/**
 * The standalone transport: publish hands the messages to every subscribed group's handler
 * and resolves only when they are done. So the relay advances its checkpoint only after
 * consumers have committed their effects, and a crash re-delivers instead of losing. One
 * publish is one batch for a batch subscriber (the relay publishes a page per topic).
 */
export class InProcessBus implements Bus {
  private readonly groups = new Map<string, Map<string, BatchHandler>>();
  private readonly offsets = new Map<string, number>();
  /** The dead-letter topic is kept (in memory) as Kafka keeps it: parked messages wait for a replay. */
  private readonly deadLetters: DeadLetterRecord[] = [];

  async ensureTopics(): Promise<void> {}

  async publish(topic: string, messages: BusMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const handlers = [...(this.groups.get(topic)?.values() ?? [])];
    const first = this.offsets.get(topic) ?? 0;
    this.offsets.set(topic, first + messages.length);
    const delivered: DeliveredMessage[] = messages.map((m, i) => ({ ...m, topic, partition: 0, offset: String(first + i) }));
    if (topic === Topics.deadLetter) {
      const timestamp = new Date().toISOString();
      this.deadLetters.push(...delivered.map((m) => ({ partition: 0, offset: m.offset, timestamp, key: m.key, value: m.value, headers: m.headers })));
    }
    await Promise.all(handlers.map((h) => h(delivered)));
  }

  subscribe(topic: string, groupId: string, handler: MessageHandler): Promise<BusSubscription> {
    return this.subscribeBatches(topic, groupId, async (messages) => {
      for (const m of messages) await handler(m);
    });
  }

  async subscribeBatches(topic: string, groupId: string, handler: BatchHandler): Promise<BusSubscription> {
    let groups = this.groups.get(topic);
    if (!groups) this.groups.set(topic, (groups = new Map()));
    if (groups.has(groupId)) throw new Error(`group ${groupId} already consumes ${topic} in this process`);
    groups.set(groupId, handler);
    return { stop: async () => void groups!.delete(groupId) };
  }

  /** The dead-letter topic's records so far, for `readDeadLetterLog` / `selectForReplay` / `replayEntries`. */
  deadLetterRecords(): DeadLetterRecord[] {
    return [...this.deadLetters];
  }

  async close(): Promise<void> {
    this.groups.clear();
  }
}
