import { Client, Pool, type PoolConfig } from 'pg';
import type { SqlClient, SqlExecutor } from '../sql/sql-client';

export class PostgresSqlClient implements SqlClient {
  readonly dialect = 'postgres' as const;
  private readonly pool: Pool;
  private listener?: Client;
  private readonly listeners = new Map<string, Set<() => void>>();
  private closing = false;
  private reconnecting = false;

  constructor(private readonly config: PoolConfig) {
    this.pool = new Pool({ max: 10, ...config });
    // An idle client's network error must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> {
    return this.pool.query(sql, params as unknown[]) as unknown as Promise<{ rows: R[] }>;
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A checked-out client has no pool listener: a connection reset between two queries would
    // be an unhandled 'error' event and end the process (seen when PostgreSQL went away).
    let broken: Error | undefined;
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await fn({ query: (sql, params) => client.query(sql, params as unknown[]) as never });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackFailed: Error) => (broken ??= rollbackFailed));
      throw error;
    } finally {
      client.off('error', onError);
      // A broken connection is destroyed, not handed to the next caller.
      client.release(broken ?? undefined);
    }
  }

  /**
   * Schema scripts run under one advisory lock: several processes starting at once on an empty
   * database would otherwise race on CREATE TABLE IF NOT EXISTS (duplicate-key errors).
   */
  async exec(script: string): Promise<void> {
    await this.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('cluebus-schema'))`);
      await tx.query(script);
    });
  }

  async listen(channel: string, listener: () => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    // While the reconnect loop runs, it LISTENs to every channel when it gets through.
    if (this.listener) await this.listener.query(`LISTEN ${channel}`);
    else if (!this.reconnecting) await this.connectListener();
    return async () => {
      set!.delete(listener);
    };
  }

  /**
   * One connection LISTENs for the whole process. When it drops, ONE reconnect loop (back-off)
   * makes a new one, LISTENs again and wakes every listener once, so subscribers re-read
   * whatever they missed instead of silently falling back to the poll interval. A connection
   * that fails half-way is ended, never left open: before, each failed attempt's 'end' started
   * another loop, and after a 3 s outage dozens of orphaned LISTEN connections held the server.
   */
  private async connectListener(): Promise<void> {
    const client = new Client(this.config);
    client.on('error', () => undefined); // reported through 'end' below, or by connect() itself
    try {
      await client.connect();
      for (const channel of this.listeners.keys()) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    client.on('notification', (msg) => this.listeners.get(msg.channel)?.forEach((l) => l()));
    client.once('end', () => {
      if (this.listener !== client || this.closing) return;
      this.listener = undefined;
      void this.reconnectListener();
    });
    this.listener = client;
  }

  private async reconnectListener(delayMs = 100): Promise<void> {
    if (this.reconnecting) return;
    this.reconnecting = true;
    try {
      while (!this.closing && !this.listener) {
        await new Promise((r) => setTimeout(r, delayMs));
        try {
          await this.connectListener();
          this.listeners.forEach((set) => set.forEach((l) => l()));
        } catch {
          delayMs = Math.min(delayMs * 2, 5_000);
        }
      }
    } finally {
      this.reconnecting = false;
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}
