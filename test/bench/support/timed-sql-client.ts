import type { SqlExecutor } from '@cluebus/eventstore';
import { DelegatingSqlClient } from '../../support/delegating-sql-client';

/**
 * A SqlClient that adds up the time of each statement (named by its first words) and of each
 * transaction: what the store bench's "sealer alone" row is split into. What a transaction
 * takes beyond its statements is BEGIN, COMMIT (the WAL flush) and the caller's own work in it.
 */
export class TimedSqlClient extends DelegatingSqlClient {
  readonly statementMs = new Map<string, number>();
  transactionMs = 0;

  override query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> {
    return this.timed<R>(this.inner, sql, params);
  }

  override async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await this.inner.transaction((tx) => fn({ query: <R>(sql: string, params?: unknown[]) => this.timed<R>(tx, sql, params) }));
    } finally {
      this.transactionMs += performance.now() - started;
    }
  }

  private async timed<R>(on: SqlExecutor, sql: string, params?: unknown[]): Promise<{ rows: R[] }> {
    const started = performance.now();
    try {
      return await on.query<R>(sql, params);
    } finally {
      const name = sql.trim().replace(/\s+/g, ' ').split(' ').slice(0, 3).join(' ');
      this.statementMs.set(name, (this.statementMs.get(name) ?? 0) + performance.now() - started);
    }
  }
}
