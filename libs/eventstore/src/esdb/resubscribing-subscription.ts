import type { SubscribeOptions, Subscription } from '../event-store';

/** What a live feed hands over: anything with a strictly increasing global position. */
export interface Positioned {
  globalPosition: number;
}

/** Callbacks a feed reports to. A feed that ends is treated like one that failed. */
export interface FeedSink<E> {
  event(event: E): void;
  failed(error: unknown): void;
}

/** A running server-side catch-up subscription. */
export interface FeedHandle {
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

/** Opens a catch-up subscription delivering, in log order, the events with globalPosition > after. */
export type OpenFeed<E> = (after: number, sink: FeedSink<E>) => FeedHandle;

export interface ResubscribeOptions extends SubscribeOptions {
  /** First delay before re-opening a dropped feed or retrying a failed batch (ms). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * Catch-up + live subscription over a server push feed (EventStoreDB's subscribeToAll), with
 * the guarantees the port promises and that KurrentDB clients are most often blamed for
 * breaking after a reconnect:
 *  - the handler gets batches in log order and `position` advances only when it resolves
 *    (at least once; a batch whose handler throws is retried, never skipped);
 *  - when the feed errors or ends, it is re-opened from the last position the handler
 *    accepted, after a back-off, and whatever the new feed repeats (≤ that position) is dropped;
 *    events it had buffered but not delivered are simply read again: no gap, no duplicate
 *    within one Subscription;
 *  - the buffer is bounded: the feed is paused above 4 batches and resumed below 1.
 * The feed itself is a parameter, so this logic is unit-tested without a server.
 */
export class ResubscribingSubscription<E extends Positioned> implements Subscription {
  private current: number;
  /** Highest position queued from the current feed (duplicates and replays are dropped). */
  private queuedThrough: number;
  private buffer: E[] = [];
  private feed?: FeedHandle;
  private paused = false;
  private generation = 0;
  private stopped = false;
  private wake?: () => void;
  private interruptDelay?: () => void;
  private reconnectTimer?: NodeJS.Timeout;
  private reconnectBackoff: number;
  private readonly done: Promise<void>;
  private readonly batchSize: number;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;

  constructor(
    private readonly open: OpenFeed<E>,
    /** `after` is the position the batch follows (the last one accepted, or the start). */
    private readonly deliver: (batch: E[], after: number) => Promise<void>,
    private readonly options: ResubscribeOptions,
  ) {
    this.current = options.after;
    this.queuedThrough = options.after;
    this.batchSize = Math.max(1, options.batchSize ?? 500);
    this.initialBackoff = options.initialBackoffMs ?? 100;
    this.maxBackoff = options.maxBackoffMs ?? 5_000;
    this.reconnectBackoff = this.initialBackoff;
    this.connect();
    this.done = this.pump();
  }

  get position(): number {
    return this.current;
  }

  private connect(): void {
    if (this.stopped) return;
    const generation = ++this.generation;
    this.buffer = [];
    this.paused = false;
    this.queuedThrough = this.current;
    const from = this.current;
    const stale = () => generation !== this.generation || this.stopped;
    try {
      this.feed = this.open(from, {
        event: (e) => {
          if (stale()) return;
          if (e.globalPosition <= this.queuedThrough) return; // replayed after a reconnect
          this.buffer.push(e);
          this.queuedThrough = e.globalPosition;
          this.reconnectBackoff = this.initialBackoff; // the feed works again
          if (!this.paused && this.buffer.length >= 4 * this.batchSize) {
            this.paused = true;
            this.feed?.pause();
          }
          this.wake?.();
        },
        failed: (error) => {
          if (stale()) return;
          this.dropFeed(error);
        },
      });
    } catch (error) {
      this.feed = undefined;
      this.dropFeed(error);
    }
  }

  /** The feed broke: forget what it buffered and re-open from the last accepted position. */
  private dropFeed(error: unknown): void {
    this.generation++; // late callbacks of the old feed are ignored from now on
    const old = this.feed;
    this.feed = undefined;
    this.buffer = [];
    void old?.close().catch(() => undefined);
    this.options.onError?.(error);
    const delay = this.reconnectBackoff;
    this.reconnectBackoff = Math.min(this.reconnectBackoff * 2, this.maxBackoff);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect();
    }, delay);
  }

  private async pump(): Promise<void> {
    let backoff = this.initialBackoff;
    while (!this.stopped) {
      // Anything at or below the accepted position was delivered already (a reconnect can
      // re-queue it while a batch was in flight).
      let skip = 0;
      while (skip < this.buffer.length && this.buffer[skip].globalPosition <= this.current) skip++;
      if (skip > 0) this.buffer.splice(0, skip);
      if (this.buffer.length === 0) {
        await this.sleep();
        continue;
      }
      const batch = this.buffer.slice(0, this.batchSize);
      try {
        await this.deliver(batch, this.current);
      } catch (error) {
        if (this.stopped) return;
        this.options.onError?.(error);
        await this.delay(backoff);
        backoff = Math.min(backoff * 2, this.maxBackoff);
        continue;
      }
      backoff = this.initialBackoff;
      this.current = batch[batch.length - 1].globalPosition;
      if (this.paused && this.buffer.length - batch.length < this.batchSize) {
        this.paused = false;
        this.feed?.resume();
      }
    }
  }

  /** Sleeps until an event is queued or the subscription stops. */
  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
    });
  }

  /** Back-off after a failed batch: only stop() cuts it short, new events do not. */
  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.interruptDelay = undefined;
        resolve();
      }, ms);
      this.interruptDelay = () => {
        clearTimeout(timer);
        this.interruptDelay = undefined;
        resolve();
      };
    });
  }

  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.generation++;
      if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
      const feed = this.feed;
      this.feed = undefined;
      this.wake?.();
      this.interruptDelay?.();
      await feed?.close().catch(() => undefined);
    }
    await this.done;
  }
}
