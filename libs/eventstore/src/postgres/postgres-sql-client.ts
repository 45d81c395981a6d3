import { Client, Pool, type PoolConfig } from 'pg';
import type { SqlClient, SqlExecutor } from '../sql/sql-client';

export class PostgresSqlClient implements SqlClient {
  readonly dialect = 'postgres' as const;
  private readonly pool: Pool;
  private listener?: Client;
  private readonly listeners = new Map<string, Set<() => void>>();

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
    try {
      await client.query('BEGIN');
      const result = await fn({ query: (sql, params) => client.query(sql, params as unknown[]) as never });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
  }

  async listen(channel: string, listener: () => void): Promise<() => Promise<void>> {
    if (!this.listener) {
      this.listener = new Client(this.config);
      this.listener.on('error', () => undefined);
      this.listener.on('notification', (msg) => this.listeners.get(msg.channel)?.forEach((l) => l()));
      await this.listener.connect();
    }
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.listener.query(`LISTEN ${channel}`);
    }
    set.add(listener);
    return async () => {
      set!.delete(listener);
    };
  }

  async close(): Promise<void> {
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}
