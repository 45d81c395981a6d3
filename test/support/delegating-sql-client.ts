import type { SqlClient, SqlExecutor } from '@cluebus/eventstore';

/**
 * A SqlClient that hands everything to another: the base of test and bench doubles that change
 * one thing (a commit held open, statements timed) and override only that.
 */
export class DelegatingSqlClient implements SqlClient {
  readonly dialect: SqlClient['dialect'];

  constructor(protected readonly inner: SqlClient) {
    this.dialect = inner.dialect;
  }

  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> {
    return this.inner.query<R>(sql, params);
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.transaction(fn);
  }

  exec(script: string): Promise<void> {
    return this.inner.exec(script);
  }

  listen(channel: string, listener: () => void): Promise<() => Promise<void>> {
    return this.inner.listen(channel, listener);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
