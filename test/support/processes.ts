/**
 * The cluebus services as real OS processes, for the multi-process e2e, fault and bench suites:
 * the seven processes (six departments + the ledger) on one database and one broker, each with
 * its own port, API key and log file (kept after the run, under .cache/test-logs/).
 *
 *   await ensureBuilt();                                   // npm run build if dist is stale
 *   const cluster = await startCluster({ databaseUrl, brokers: getKafkaBrokers() });
 *   await cluster.client('nhc').post('/v1/clues', ...);    // ApiClient on nhc's own process
 *   await cluster.services.samr.kill9(); await cluster.services.samr.start();
 *   await cluster.stop();
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEPARTMENT_CODES, type DepartmentCode } from '@cluebus/contracts';
import { freePort } from '../../deploy/kafka/kafka-runner';
import { REPO_ROOT, ServiceProcess } from '../../deploy/local/service-process';
import { ApiClient } from './api-client';

export { distIsStale, ensureBuilt, REPO_ROOT, ServiceProcess, type ServiceOptions } from '../../deploy/local/service-process';

// ---------------------------------------------------------------------------------------------
// The seven processes

export type ServiceName = DepartmentCode | 'ledger';

export interface ClusterOptions {
  databaseUrl: string;
  brokers: string[];
  /** Kafka namespace: test files sharing one broker never see each other's topics or groups. */
  namespace?: string;
  /** Department services to start (default all six); the ledger (relay + read side) always runs. */
  departments?: readonly DepartmentCode[];
  region?: string;
  /** Where the log files go (default .cache/test-logs/<namespace>). */
  logDir?: string;
  /** Extra environment for every process. */
  env?: Record<string, string>;
  /**
   * More processes of a service, same settings, own port and log: `{ ledger: 2, samr: 2 }` adds
   * `ledger-2` and `samr-2` (a standby relay; a second member of samr's consumer group).
   */
  replicas?: Partial<Record<ServiceName, number>>;
}

export interface Cluster {
  /** By name; replicas as `<name>-2`, `<name>-3`… */
  services: Record<ServiceName, ServiceProcess> & Record<string, ServiceProcess>;
  /** API key of each department (only its own process accepts it). */
  keys: Record<DepartmentCode, string>;
  /** Investigator key, accepted by nhc, which issues the signed checkpoints and serves /v1/audit. */
  investigatorKey: string;
  /** An auditor key on nhc's process (the lead unit's): reads blacklists and ledgers, every query logged. */
  auditorKey: string;
  /** Environment shared by every process (Kafka, database, namespace). */
  env: Record<string, string>;
  namespace: string;
  logDir: string;
  region: string;
  /** An ApiClient on the department's own process. */
  client(code: DepartmentCode, actor?: string): ApiClient;
  /** An ApiClient on the ledger (read side). */
  ledger(): ApiClient;
  stop(): Promise<void>;
}

/**
 * Starts the ledger (relay + ledger projection) and the department services, each its own
 * process, on one PostgreSQL database and one Kafka broker.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const namespace = options.namespace ?? `t${randomBytes(4).toString('hex')}`;
  const region = options.region ?? '341300';
  const logsRoot = path.join(REPO_ROOT, '.cache', 'test-logs');
  pruneLogDirs(logsRoot, 30);
  const logDir = options.logDir ?? path.join(logsRoot, `${new Date().toISOString().replace(/[:.]/g, '-')}-${namespace}`);
  const departments = options.departments ?? DEPARTMENT_CODES;
  const keys = Object.fromEntries(DEPARTMENT_CODES.map((c) => [c, `k-${c}-${randomBytes(12).toString('hex')}`])) as Record<DepartmentCode, string>;
  const env: Record<string, string> = {
    CLUEBUS_MODE: 'department',
    CLUEBUS_BUS: 'kafka',
    CLUEBUS_STORE: 'postgres',
    KAFKA_BROKERS: options.brokers.join(','),
    CLUEBUS_KAFKA_NAMESPACE: namespace,
    DATABASE_URL: options.databaseUrl,
    CLUEBUS_ID_TOKEN_KEY: `test-id-token-key-${randomBytes(8).toString('hex')}`,
    CLUEBUS_VAULT_MASTER_KEY: randomBytes(32).toString('base64'),
    ...options.env,
  };
  const services = {} as Cluster['services'];
  const make = async (name: ServiceName, extra: Record<string, string>) => {
    for (let i = 1; i <= (options.replicas?.[name] ?? 1); i++) {
      const id = i === 1 ? name : `${name}-${i}`;
      services[id] = new ServiceProcess({ name: id, entry: `dist/apps/${name}/src/main.js`, port: await freePort(), env: { ...env, ...extra }, logFile: path.join(logDir, `${id}.log`) });
    }
  };
  await make('ledger', {
    CLUEBUS_RELAY: 'true',
    // The read side accepts every department's key.
    CLUEBUS_API_KEYS: DEPARTMENT_CODES.map((c) => `${keys[c]}=${c}:${region}`).join(','),
  });
  const investigatorKey = `k-investigator-${randomBytes(12).toString('hex')}`;
  const auditorKey = `k-auditor-${randomBytes(12).toString('hex')}`;
  // nhc, the lead unit (牵头), issues the signed Merkle checkpoints and serves the audit API.
  const leadUnitAudit = {
    CLUEBUS_CHECKPOINTER: 'true',
    CLUEBUS_CHECKPOINT_SECONDS: '1',
    CLUEBUS_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    CLUEBUS_API_KEYS: `${keys.nhc}=nhc:${region},${investigatorKey}=investigator,${auditorKey}=auditor`,
  };
  for (const code of departments) {
    await make(code, {
      CLUEBUS_DEPARTMENTS: code,
      CLUEBUS_RELAY: 'false',
      CLUEBUS_API_KEYS: `${keys[code]}=${code}:${region}`,
      ...(code === 'nhc' ? leadUnitAudit : {}),
    });
  }
  const cluster: Cluster = {
    services,
    keys,
    investigatorKey,
    auditorKey,
    env,
    namespace,
    logDir,
    region,
    client: (code, actor) => {
      const s = services[code];
      if (!s) throw new Error(`department ${code} was not started in this cluster`);
      return new ApiClient(s.url, keys[code], actor);
    },
    ledger: () => new ApiClient(services.ledger.url, keys.nhc),
    stop: async () => {
      await Promise.all(Object.values(services).map((s) => s.stop()));
    },
  };
  try {
    // Staged, not all at once: on a fresh database concurrent `CREATE TABLE IF NOT EXISTS` from
    // several processes can fail with a unique violation on pg_type (a PostgreSQL race; the
    // store's and projections' schema set-up take no lock yet). The ledger creates the store's
    // tables, the first department the inbox tables; the rest then start in parallel.
    await services.ledger.start();
    const [first, ...rest] = departments.map((c) => services[c]);
    if (first) await first.start();
    await Promise.all(rest.map((s) => s.start()));
    const primaries = new Set<ServiceProcess>([services.ledger, ...departments.map((c) => services[c])]);
    await Promise.all(Object.values(services).filter((s) => !primaries.has(s)).map((s) => s.start()));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}


/** Keeps the newest `keep` run directories of logs (names start with an ISO time stamp). */
function pruneLogDirs(root: string, keep: number): void {
  if (!fs.existsSync(root)) return;
  const dirs = fs.readdirSync(root).filter((d) => /^\d{4}-/.test(d)).sort();
  for (const d of dirs.slice(0, Math.max(0, dirs.length - keep))) fs.rmSync(path.join(root, d), { recursive: true, force: true });
}
