import type { HashAlgorithm } from '@cluebus/audit';
import { PgliteSqlClient } from './pglite/pglite-sql-client';
import { PostgresSqlClient } from './postgres/postgres-sql-client';
import { SqlEventStore } from './sql/sql-event-store';
import { contractUpcaster } from './upcasting/contract-upcaster';
import type { Upcaster } from './upcasting/upcaster';

export interface StoreConfig {
  /** `pglite` (embedded, default for standalone) or `postgres`. */
  kind: 'pglite' | 'postgres';
  /** PGlite data directory; undefined = in memory. */
  dataDir?: string;
  /** PostgreSQL connection string. */
  databaseUrl?: string;
  hashAlgorithm?: HashAlgorithm;
  /** Default: contractUpcaster() (every contract event read at its current version). */
  upcaster?: Upcaster;
  /** Most PostgreSQL connections this process opens (several processes share one server). */
  poolMax?: number;
  /**
   * PostgreSQL only (PGlite, one process, always seals inline): 'inline' (default) takes the
   * log's head row in every append (ADR 0002); 'sealer' commits appends concurrently and a sealer
   * — the `sealer` singleton processor every runtime then declares — assigns the positions and
   * the chain (ADR 0009). Appends still return sealed positions: they wait for their seal.
   */
  sealing?: 'inline' | 'sealer';
}

/** Opens the SQL-backed store for a config; the SqlClient is shared with the projections. */
export async function openSqlEventStore(config: StoreConfig): Promise<SqlEventStore> {
  const sql =
    config.kind === 'postgres'
      ? new PostgresSqlClient({ connectionString: config.databaseUrl, ...(config.poolMax ? { max: config.poolMax } : {}) })
      : await PgliteSqlClient.open(config.dataDir);
  return SqlEventStore.open(sql, {
    hashAlgorithm: config.hashAlgorithm,
    upcaster: config.upcaster ?? contractUpcaster(),
    sealing: config.sealing ?? 'inline',
    waitForSealByDefault: true,
  });
}
