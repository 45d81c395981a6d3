import { Client } from 'pg';
import { getKafkaBrokers } from './kafka/kafka-broker';
import { createTestDatabase } from './postgres-database';
import { type Cluster, type ClusterOptions, ensureBuilt, startCluster } from './processes';

export interface ClusterFixture {
  db: { url: string; drop: () => Promise<void> };
  cluster: Cluster;
  /** A direct connection to the event store's database, to check results against the store. */
  pg: Client;
}

/**
 * For a describe block: the service processes (from dist/) on a fresh PostgreSQL database and
 * the suite's Kafka broker, started before the tests and torn down after.
 */
export function clusterOnFreshDatabase(prefix: string, options: Omit<ClusterOptions, 'databaseUrl' | 'brokers'> = {}): ClusterFixture {
  const ctx = {} as ClusterFixture;
  beforeAll(async () => {
    await ensureBuilt();
    ctx.db = await createTestDatabase(prefix);
    ctx.cluster = await startCluster({ ...options, databaseUrl: ctx.db.url, brokers: getKafkaBrokers() });
    ctx.pg = new Client({ connectionString: ctx.db.url });
    await ctx.pg.connect();
  }, 300_000);
  afterAll(async () => {
    await ctx.pg?.end();
    await ctx.cluster?.stop();
    await ctx.db?.drop();
  });
  return ctx;
}
