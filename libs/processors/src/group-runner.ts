import { type Bus, type BusSubscription, type DeliveredMessage, describeError, eventIdOf, isTransient, parkMessage, retrying } from '@cluebus/bus';
import type { ParkingLot } from './parking/parking-lot';
import { type BatchResult, type GroupProcessor, groupIdOf, type ProcessorStatus } from './processor';
import type { ProcessorLog } from './processor-log';

const TRANSIENT_WAIT_MS = 1_000;
const MAX_ATTEMPTS = 3;

/**
 * One consumer group member: a fetched batch is applied in one go (one transaction in the
 * projector); a batch that fails for a reason other than an outage is applied again one message
 * at a time, so only the message at fault is parked on the dead-letter topic. With a parking
 * lot, parking keeps per-stream order: later messages of a parked stream are parked behind it,
 * and the replayed first one releases the next (ADR 0006).
 */
export class GroupRunner {
  private subscription?: BusSubscription;
  private state: ProcessorStatus['state'] = 'starting';
  private readonly counts = { applied: 0, duplicates: 0, deadLettered: 0, parkedBehind: 0 };
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
    await this.processor.parking?.init();
    this.subscription = await this.bus.subscribeBatches(this.processor.topic, this.group, (messages) => this.apply(messages));
    this.state = 'running';
  }

  private async apply(messages: DeliveredMessage[]): Promise<void> {
    const parking = this.processor.parking;
    const blocked = parking ? await this.untilUp(() => parking.blocked([...new Set(messages.map((m) => m.key))])) : new Map<string, string>();
    if (blocked.size === 0) {
      for (;;) {
        try {
          this.count(await this.processor.handleBatch(messages));
          return;
        } catch (error) {
          // An outage is nobody's fault: wait it out with the whole batch. Anything else: find
          // the message at fault, one by one, and go on.
          if (!isTransient(error)) {
            this.log.warn({ msg: 'batch failed; applying its messages one by one', processor: this.processor.name, size: messages.length, error: String(error) });
            break;
          }
          this.log.warn({ msg: 'batch failed on an outage; retrying', processor: this.processor.name, error: String(error) });
          await this.pause();
        }
      }
    }
    await this.oneByOne(messages, blocked);
  }

  /** In order; `blocked` maps a stream with parked messages to the one parked first. */
  private async oneByOne(messages: DeliveredMessage[], blocked: Map<string, string>): Promise<void> {
    const parking = this.processor.parking;
    for (const m of messages) {
      const eventId = eventIdOf(m.headers) ?? `${m.topic}:${m.partition}:${m.offset}`;
      const first = blocked.get(m.key);
      if (first !== undefined && first !== eventId) {
        await this.park(m, eventId, `parked behind ${first}: an earlier event of ${m.key} is parked (per-stream order)`, 0);
        this.counts.parkedBehind++;
        continue;
      }
      const outcome = await retrying(async () => this.count(await this.processor.handleOne(m)), { maxAttempts: MAX_ATTEMPTS });
      if (outcome.ok) {
        if (first === eventId && parking) {
          // The replay of the first parked message went through: the next parked one may follow.
          await this.untilUp(() => parking.release(eventId));
          const next = (await this.untilUp(() => parking.blocked([m.key]))).get(m.key);
          if (next) blocked.set(m.key, next);
          else blocked.delete(m.key);
        }
        continue;
      }
      await this.park(m, eventId, describeError(outcome.error), MAX_ATTEMPTS);
      this.counts.deadLettered++;
      this.log.error({ msg: 'message dead-lettered', processor: this.processor.name, group: this.group, eventId, stream: m.key, error: describeError(outcome.error) });
      if (parking && !blocked.has(m.key)) blocked.set(m.key, eventId);
    }
  }

  /** Dead-letter topic first, then the parking lot: a crash between the two redelivers the message, which parks it again. */
  private async park(m: DeliveredMessage, eventId: string, reason: string, attempts: number): Promise<void> {
    await parkMessage(this.bus, this.group, m, reason, attempts);
    const parking = this.processor.parking;
    if (parking) await this.untilUp(() => parking.park(m.key, eventId, reason));
  }

  /** The parking lot's own queries wait out an outage like the effects do. */
  private async untilUp<T>(query: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await query();
      } catch (error) {
        if (!isTransient(error)) throw error;
        await this.pause();
      }
    }
  }

  private async pause(): Promise<void> {
    await new Promise((r) => setTimeout(r, TRANSIENT_WAIT_MS));
    if (this.state === 'stopped') throw new Error(`${this.processor.name} stopped`);
  }

  private count(result: BatchResult): void {
    this.counts.applied += result.applied;
    this.counts.duplicates += result.duplicates;
  }

  /** Progress line when it changed: redeliveries (duplicates) are expected and visible here. */
  report(): void {
    const now = Object.values(this.counts).join('/');
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
    return { name: this.processor.name, kind: 'group', state: this.state, topic: this.processor.topic, group: this.group, ...this.counts, lag: this.subscription?.lag?.() ?? 0 };
  }
}
