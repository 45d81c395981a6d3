/**
 * The tiny SQL surface the store and the projections need, so one implementation serves
 * PostgreSQL (node-postgres pool) and PGlite (embedded, same SQL dialect).
 */
export interface SqlExecutor {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface SqlClient extends SqlExecutor {
  /** Runs fn in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (schema set-up). */
  exec(script: string): Promise<void>;
  /** Calls listener whenever a NOTIFY arrives on channel (possibly from another process). */
  listen(channel: string, listener: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  readonly dialect: 'postgres' | 'pglite';
}
