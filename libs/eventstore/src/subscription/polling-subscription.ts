import type { EventEmitter } from 'node:events';
import type { RecordedEvent } from '@cluebus/contracts';
import type { SubscribeOptions, Subscription } from '../event-store';

type ReadBatch = (after: number, max: number) => Promise<RecordedEvent[]>;

/**
 * Catch-up + live subscription over the global log. It reads in batches after its position,
 * hands each batch to the handler, and advances only when the handler resolves: delivery is
 * at-least-once and in order. When caught up it sleeps until an append is signalled (same
 * process, or NOTIFY from another) or the poll interval passes. Because positions are
 * handed out in commit order (see the store), reading "after n" never skips an event.
 */
export class PollingSubscription implements Subscription {
  private current: number;
  private stopped = false;
  private wake?: () => void;
  private readonly done: Promise<void>;

  constructor(
    private readonly read: ReadBatch,
    private readonly signals: EventEmitter,
    private readonly handler: (events: RecordedEvent[]) => Promise<void>,
    private readonly options: SubscribeOptions & { pollIntervalMs: number },
  ) {
    this.current = options.after;
    this.signals.on('appended', this.onSignal);
    this.signals.on('closed', this.onClosed);
    this.done = this.loop();
  }

  get position(): number {
    return this.current;
  }

  private readonly onSignal = () => this.wake?.();
  private readonly onClosed = () => {
    this.stopped = true;
    this.wake?.();
  };

  private async loop(): Promise<void> {
    let backoff = 50;
    let pending = false; // a signal arrived while we were busy: read again before sleeping
    const markPending = () => (pending = true);
    this.signals.on('appended', markPending);
    const size = this.options.batchSize ?? 500;
    // The next page, read while the handler works on a full one (catching up, a rebuild): the
    // database reads and the handler's writes overlap instead of taking turns. Never while
    // tailing (a short page), so a live subscription issues no extra reads.
    let ahead: Promise<RecordedEvent[]> | undefined;
    try {
      while (!this.stopped) {
        pending = false;
        let batch: RecordedEvent[];
        try {
          batch = await (ahead ?? this.read(this.current, size));
          ahead = undefined;
          if (batch.length > 0) {
            if (batch.length >= size) {
              ahead = this.read(batch[batch.length - 1].globalPosition, size);
              ahead.catch(() => undefined); // awaited next turn, or dropped after a failure
            }
            await this.handler(batch);
            this.current = batch[batch.length - 1].globalPosition;
          }
          backoff = 50;
        } catch (error) {
          // A page read ahead of a failed handler is read again after the retry.
          ahead = undefined;
          if (this.stopped) return;
          this.options.onError?.(error);
          await this.sleep(backoff);
          backoff = Math.min(backoff * 2, 5_000);
          continue;
        }
        if (batch.length === 0 && !pending) await this.sleep(this.options.pollIntervalMs);
      }
    } finally {
      this.signals.off('appended', markPending);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.signals.off('appended', this.onSignal);
    this.signals.off('closed', this.onClosed);
    await this.done;
  }
}
