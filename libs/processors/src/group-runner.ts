import { type Bus, type BusSubscription, type DeliveredMessage, isTransient, withDeadLetter } from '@cluebus/bus';
import { type BatchResult, type GroupProcessor, groupIdOf, type ProcessorStatus } from './processor';
import type { ProcessorLog } from './processor-log';

const TRANSIENT_WAIT_MS = 1_000;

/**
 * One consumer group member: a fetched batch is applied in one go (one transaction in the
 * projector); a batch that fails for a reason other than an outage is applied again one message
 * at a time, so only the message at fault is parked on the dead-letter topic.
 */
export class GroupRunner {
  private subscription?: BusSubscription;
  private state: ProcessorStatus['state'] = 'starting';
  private readonly counts = { applied: 0, duplicates: 0, deadLettered: 0 };
  private reported = '';

  constructor(
    private readonly bus: Bus,
    readonly processor: GroupProcessor,
    private readonly log: ProcessorLog,
  ) {}

  get group(): string {
    return groupIdOf(this.processor);
  }

  async start(): Promise<void> {
    await this.processor.init?.();
    const one = withDeadLetter(this.bus, this.group, async (m) => this.count(await this.processor.handleOne(m)), {
      onDeadLetter: (error, headers) => {
        this.counts.deadLettered++;
        this.log.error({ msg: 'message dead-lettered', processor: this.processor.name, group: this.group, headers, error: String(error) });
      },
    });
    this.subscription = await this.bus.subscribeBatches(this.processor.topic, this.group, (messages) => this.apply(messages, one));
    this.state = 'running';
  }

  private async apply(messages: DeliveredMessage[], one: (m: DeliveredMessage) => Promise<void>): Promise<void> {
    for (;;) {
      try {
        this.count(await this.processor.handleBatch(messages));
        return;
      } catch (error) {
        // An outage is nobody's fault: wait it out with the whole batch. Anything else: find
        // the message at fault (withDeadLetter retries, then parks it) and go on.
        if (isTransient(error)) {
          this.log.warn({ msg: 'batch failed on an outage; retrying', processor: this.processor.name, error: String(error) });
          await new Promise((r) => setTimeout(r, TRANSIENT_WAIT_MS));
          if (this.state === 'stopped') throw error;
          continue;
        }
        this.log.warn({ msg: 'batch failed; applying its messages one by one', processor: this.processor.name, size: messages.length, error: String(error) });
        for (const m of messages) await one(m);
        return;
      }
    }
  }

  private count(result: BatchResult): void {
    this.counts.applied += result.applied;
    this.counts.duplicates += result.duplicates;
  }

  /** Progress line when it changed: redeliveries (duplicates) are expected and visible here. */
  report(): void {
    const now = `${this.counts.applied}/${this.counts.duplicates}/${this.counts.deadLettered}`;
    if (now === this.reported) return;
    this.reported = now;
    this.log.log({ msg: 'consumer progress', processor: this.processor.name, group: this.group, ...this.counts });
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    await this.subscription?.stop();
    this.report();
  }

  status(): ProcessorStatus {
    return { name: this.processor.name, kind: 'group', state: this.state, topic: this.processor.topic, group: this.group, ...this.counts };
  }
}
