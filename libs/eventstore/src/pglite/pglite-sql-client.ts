import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SqlClient, SqlExecutor } from '../sql/sql-client';

/** Embedded PostgreSQL (WASM) with the same SQL as the server adapter: `npm start` runs on it. */
export class PgliteSqlClient implements SqlClient {
  readonly dialect = 'pglite' as const;

  private constructor(private readonly db: PGlite) {}

  /** dataDir undefined = in memory (unit tests); otherwise a directory on disk. */
  static async open(dataDir?: string): Promise<PgliteSqlClient> {
    if (dataDir) mkdirSync(dataDir, { recursive: true }); // PGlite creates only the last level
    const db = await PGlite.create(dataDir);
    return new PgliteSqlClient(db);
  }

  async query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> {
    const result = await this.db.query<R>(sql, params as unknown[]);
    return { rows: result.rows };
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) =>
      fn({
        query: async <R>(sql: string, params?: unknown[]) => ({ rows: (await tx.query<R>(sql, params as unknown[])).rows }),
      }),
    );
  }

  async exec(script: string): Promise<void> {
    await this.db.exec(script);
  }

  async listen(channel: string, listener: () => void): Promise<() => Promise<void>> {
    return this.db.listen(channel, listener);
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
