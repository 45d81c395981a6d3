import type { SqlExecutor } from '@cluebus/eventstore';
import { LeaseLostError, SqlLease } from './lease';
import type { ProcessorStatus, RunningSingleton, SingletonProcessor } from './processor';
import type { ProcessorLog } from './processor-log';

export interface LeaseSettings {
  /** How long a lease lasts without renewal: a dead holder is replaced after at most this (CLUEBUS_LEASE_TTL_MS). */
  ttlMs: number;
  holder: string;
}

/**
 * Keeps one singleton processor running in exactly one process: stands by, takes the lease when
 * it is free or expired, runs the processor while renewing, and stops it (back to standby) when
 * a renewal is refused, when renewals fail for longer than the lease lasts (cut off from the
 * database: someone else may hold it by now), or when a fenced write finds the lease taken.
 */
export class SingletonRunner {
  private readonly lease: SqlLease;
  private readonly tickMs: number;
  private state: 'standby' | 'active' | 'stopped' = 'standby';
  private token?: number;
  private running?: RunningSingleton;
  private lastRenewedAt = 0;
  private timer?: NodeJS.Timeout;
  private busy: Promise<void> = Promise.resolve();
  takeovers = 0;

  constructor(
    sql: SqlExecutor,
    readonly processor: SingletonProcessor,
    private readonly settings: LeaseSettings,
    private readonly log: ProcessorLog,
  ) {
    this.lease = new SqlLease(sql, processor.lease ?? processor.name, settings.holder, settings.ttlMs);
    this.tickMs = Math.max(50, Math.min(1_000, Math.floor(settings.ttlMs / 3)));
  }

  /** First attempt at once (so a lone process is active when start resolves), then every tick. */
  async start(): Promise<void> {
    await this.serialised(() => this.tick());
    this.schedule();
  }

  private schedule(): void {
    if (this.state === 'stopped') return;
    this.timer = setTimeout(() => void this.serialised(() => this.tick()).finally(() => this.schedule()), this.tickMs);
    this.timer.unref();
  }

  /** One step at a time: a tick, a loss and a stop never interleave. */
  private serialised(step: () => Promise<void>): Promise<void> {
    const next = this.busy.then(step, step).catch((error: unknown) => this.log.error({ msg: 'singleton step failed', processor: this.processor.name, error: String(error) }));
    this.busy = next;
    return next;
  }

  private async tick(): Promise<void> {
    if (this.state === 'stopped') return;
    if (this.state === 'standby') return this.tryTakeOver();
    try {
      if (await this.lease.renew(this.token!)) this.lastRenewedAt = Date.now();
      else return this.demote('the lease was taken by another process');
    } catch (error) {
      if (Date.now() - this.lastRenewedAt > this.settings.ttlMs) return this.demote(`no renewal for longer than the lease lasts (${String(error)})`);
      this.log.warn({ msg: 'lease renewal failed; retrying', processor: this.processor.name, error: String(error) });
    }
  }

  private async tryTakeOver(): Promise<void> {
    let token: number | undefined;
    try {
      token = await this.lease.tryAcquire();
    } catch (error) {
      this.log.warn({ msg: 'lease acquisition failed; retrying', processor: this.processor.name, error: String(error) });
      return;
    }
    if (token === undefined) return;
    this.token = token;
    this.lastRenewedAt = Date.now();
    const fence = this.lease.fence(token, (error) => this.lost(error));
    try {
      this.running = await this.processor.start(fence);
    } catch (error) {
      this.log.error({ msg: 'singleton failed to start; giving the lease up', processor: this.processor.name, error: String(error) });
      await this.lease.release(token).catch(() => undefined);
      this.token = undefined;
      return;
    }
    this.state = 'active';
    this.takeovers++;
    this.log.log({ msg: 'singleton active', processor: this.processor.name, lease: this.lease.name, token, holder: this.settings.holder });
  }

  /** Called from inside a fenced write: leave the write's call stack before stopping the processor. */
  private lost(error: LeaseLostError): void {
    if (error.token !== this.token) return;
    setImmediate(() => void this.serialised(() => (this.token === error.token && this.state === 'active' ? this.demote(error.message) : Promise.resolve())));
  }

  private async demote(reason: string): Promise<void> {
    this.log.warn({ msg: 'singleton standing by: lease lost', processor: this.processor.name, token: this.token, reason });
    this.state = 'standby';
    this.token = undefined;
    await this.stopRunning();
  }

  private async stopRunning(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.stop().catch((error: unknown) => this.log.error({ msg: 'singleton stop failed', processor: this.processor.name, error: String(error) }));
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.serialised(async () => {
      const token = this.state === 'active' ? this.token : undefined;
      this.state = 'stopped';
      await this.stopRunning();
      if (token !== undefined) await this.lease.release(token).catch(() => undefined);
    });
  }

  status(): ProcessorStatus {
    return {
      name: this.processor.name,
      kind: 'singleton',
      state: this.state,
      lease: { name: this.lease.name, ...(this.token !== undefined ? { token: this.token } : {}) },
      ...(this.running?.status ? { detail: this.running.status() } : {}),
    };
  }
}
