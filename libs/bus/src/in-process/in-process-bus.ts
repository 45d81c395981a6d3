import type { Bus, BusMessage, BusSubscription, MessageHandler } from '../bus';

/**
 * The standalone transport: publish hands each message to every subscribed group's handler
 * and resolves only when they are done. So the relay advances its checkpoint only after
 * consumers have committed their effects, and a crash re-delivers instead of losing.
 */
export class InProcessBus implements Bus {
  private readonly groups = new Map<string, Map<string, MessageHandler>>();
  private readonly offsets = new Map<string, number>();

  async ensureTopics(): Promise<void> {}

  async publish(topic: string, messages: BusMessage[]): Promise<void> {
    const handlers = [...(this.groups.get(topic)?.values() ?? [])];
    for (const message of messages) {
      const offset = this.offsets.get(topic) ?? 0;
      this.offsets.set(topic, offset + 1);
      await Promise.all(handlers.map((h) => h({ ...message, topic, partition: 0, offset: String(offset) })));
    }
  }

  async subscribe(topic: string, groupId: string, handler: MessageHandler): Promise<BusSubscription> {
    let groups = this.groups.get(topic);
    if (!groups) this.groups.set(topic, (groups = new Map()));
    if (groups.has(groupId)) throw new Error(`group ${groupId} already consumes ${topic} in this process`);
    groups.set(groupId, handler);
    return { stop: async () => void groups!.delete(groupId) };
  }

  async close(): Promise<void> {
    this.groups.clear();
  }
}
