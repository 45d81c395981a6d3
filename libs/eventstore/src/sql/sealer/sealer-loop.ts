import { EventEmitter } from 'node:events';
import type { HashAlgorithm } from '@cluebus/audit';
import type { SqlClient, SqlExecutor } from '../sql-client';
import { PENDING_CHANNEL } from './pending-schema';
import { type SealCursor, sealPendingBatch } from './seal-pending';

export interface SealerLoopOptions {
  algorithm: HashAlgorithm;
  /** Lease fence (ADR 0006), run in every batch's transaction. */
  fence?: (tx: SqlExecutor) => Promise<void>;
  maxEvents?: number;
  /**
   * Poll interval while idle or fenced by an open transaction (ms). NOTIFY wakes it at once
   * after an append; the poll covers a fenced batch (no notification comes when a foreign
   * long transaction ends) and lost notifications.
   */
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Runs sealPendingBatch until nothing is ready, then waits for an append's notification or the
 * poll. One loop per process that holds the sealer lease (docs/adr/0009). Two loops at once are
 * still safe — each batch takes the head row FOR UPDATE and reads the queue after it, so a row
 * is sealed once — only wasteful; the lease keeps it to one.
 */
export class SealerLoop {
  readonly sealedEvents = new EventEmitter();
  private running = false;
  private wake?: () => void;
  private unlisten?: () => Promise<void>;
  private done?: Promise<void>;
  sealed = 0;
  batches = 0;
  /** Where this loop's last batch ended (seal-pending.ts); a new loop starts from the queue's start. */
  private readonly cursor: SealCursor = {};
  failures = 0;

  constructor(
    private readonly sql: SqlClient,
    private readonly options: SealerLoopOptions,
  ) {
    this.sealedEvents.setMaxListeners(0);
  }

  async start(): Promise<void> {
    this.running = true;
    this.unlisten = await this.sql.listen(PENDING_CHANNEL, () => this.wake?.());
    this.done = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let sealedNow = 0;
      try {
        const batch = await sealPendingBatch(this.sql, this.options.algorithm, { maxEvents: this.options.maxEvents, fence: this.options.fence, cursor: this.cursor });
        sealedNow = batch.length;
        if (sealedNow > 0) {
          this.sealed += sealedNow;
          this.batches += 1;
          this.sealedEvents.emit('sealed', batch[batch.length - 1].globalPosition);
        }
      } catch (error) {
        this.failures += 1;
        this.options.onError?.(error);
      }
      if (sealedNow === 0 && this.running) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollIntervalMs ?? 20);
      timer.unref();
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.done;
    await this.unlisten?.();
  }

  status(): Record<string, unknown> {
    return { sealed: this.sealed, batches: this.batches, failures: this.failures };
  }
}
