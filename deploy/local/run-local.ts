/**
 * The seven processes on one machine, without Docker: a Kafka broker (deploy/kafka, unless
 * KAFKA_BROKERS names one), the six department services and the ledger (read side + relay),
 * each its own OS process on PostgreSQL. Ctrl-C stops them all.
 *
 *   npx ts-node --transpile-only deploy/local/run-local.ts [--fresh] [--base-port 3100]
 *
 * See README.md beside this file.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { startKafka, type KafkaHandle } from '../kafka/kafka-runner';
import { ensureBuilt, REPO_ROOT, ServiceProcess } from './service-process';

const DEPARTMENTS = ['nhc', 'nhsa', 'mps', 'sta', 'samr', 'ccdi'] as const;
const STATE_DIR = path.join(REPO_ROOT, '.data', 'local');
const log = (msg: string) => console.error(`[local] ${msg}`);

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/**
 * API keys and the ID-token key, made on the first run and kept in .data/local/secrets.json:
 * the token key must stay the same across runs (the same ID number must give the same token),
 * and stable keys keep department systems' configuration working.
 */
interface Secrets {
  idTokenKey: string;
  /** Master key of the personal-data vault (32 bytes, base64): names stored earlier stay readable across runs. */
  vaultMasterKey: string;
  keys: Record<string, string>;
  /** Key of the investigator role (audit API on nhc). */
  investigatorKey: string;
  /** Ed25519 key nhc signs the log's Merkle checkpoints with (PKCS#8 PEM). */
  signingKey: string;
}

function secrets(region: string): Secrets {
  const file = path.join(STATE_DIR, 'secrets.json');
  const made: Secrets = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : ({} as Secrets);
  if (made.idTokenKey && made.vaultMasterKey && made.investigatorKey && made.signingKey) return made;
  made.idTokenKey ??= randomBytes(32).toString('hex');
  made.vaultMasterKey ??= randomBytes(32).toString('base64');
  made.keys ??= Object.fromEntries(DEPARTMENTS.map((d) => [d, `${d}-${region}-${randomBytes(16).toString('hex')}`]));
  made.investigatorKey ??= `investigator-${randomBytes(16).toString('hex')}`;
  made.signingKey ??= generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  fs.mkdirSync(STATE_DIR, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(made, null, 2), { mode: 0o600 });
  return made;
}

/** Creates the database if it does not exist; --fresh drops it first. */
async function prepareDatabase(url: string, fresh: boolean): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name "${name}" must be a plain lower-case identifier`);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = new Client({ connectionString: adminUrl.toString() });
  await admin.connect().catch((e: Error) => {
    throw new Error(`PostgreSQL is needed at ${adminUrl.host} (set DATABASE_URL): ${e.message}`);
  });
  try {
    if (fresh) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      log(`dropped database ${name} (--fresh)`);
    }
    const { rows } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (rows.length === 0) {
      await admin.query(`CREATE DATABASE ${name}`);
      log(`created database ${name}`);
    }
  } finally {
    await admin.end();
  }
}

async function main(): Promise<void> {
  const basePort = Number(flag('base-port') ?? process.env.CLUEBUS_LOCAL_BASE_PORT ?? 3100);
  const region = process.env.CLUEBUS_LOCAL_REGION ?? '341300';
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cluebus';
  const logDir = path.join(STATE_DIR, 'logs');
  const services: ServiceProcess[] = [];
  let kafka: KafkaHandle | undefined;
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    await Promise.all(services.map((s) => s.stop()));
    await kafka?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  await ensureBuilt((m) => log(`build: ${m}`));
  await prepareDatabase(databaseUrl, process.argv.includes('--fresh'));
  let brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (brokers.length === 0) {
    kafka = await startKafka({
      log: (m) => log(`kafka: ${m}`),
      onUnexpectedExit: (code, signal) => {
        log(`Kafka exited unexpectedly (code ${code}, signal ${signal}); see ${kafka?.logFile}`);
        void stopAll(1);
      },
    });
    brokers = kafka.brokers;
  }

  const { idTokenKey, vaultMasterKey, keys, investigatorKey, signingKey } = secrets(region);
  const env = {
    CLUEBUS_MODE: 'department',
    CLUEBUS_BUS: 'kafka',
    CLUEBUS_STORE: 'postgres',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers.join(','),
    CLUEBUS_ID_TOKEN_KEY: idTokenKey,
    CLUEBUS_VAULT_MASTER_KEY: vaultMasterKey,
    ...(process.env.CLUEBUS_KAFKA_NAMESPACE ? { CLUEBUS_KAFKA_NAMESPACE: process.env.CLUEBUS_KAFKA_NAMESPACE } : {}),
  };
  // nhc, the lead unit (牵头), issues the signed Merkle checkpoints and serves the audit API.
  const leadUnitAudit = { CLUEBUS_CHECKPOINTER: 'true', CLUEBUS_SIGNING_KEY: signingKey, CLUEBUS_API_KEYS: `${keys.nhc}=nhc:${region},${investigatorKey}=investigator` };
  const ledger = new ServiceProcess({
    name: 'ledger',
    entry: 'dist/apps/ledger/src/main.js',
    port: basePort,
    env: { ...env, CLUEBUS_RELAY: 'true', CLUEBUS_API_KEYS: DEPARTMENTS.map((d) => `${keys[d]}=${d}:${region}`).join(',') },
    logFile: path.join(logDir, 'ledger.log'),
  });
  const departments = DEPARTMENTS.map(
    (d, i) =>
      new ServiceProcess({
        name: d,
        entry: `dist/apps/${d}/src/main.js`,
        port: basePort + 1 + i,
        env: { ...env, CLUEBUS_DEPARTMENTS: d, CLUEBUS_RELAY: 'false', CLUEBUS_API_KEYS: `${keys[d]}=${d}:${region}`, ...(d === 'nhc' ? leadUnitAudit : {}) },
        logFile: path.join(logDir, `${d}.log`),
      }),
  );
  services.push(ledger, ...departments);

  // The ledger first (it creates the store's tables and the topics), one department (the inbox
  // tables), then the rest together: concurrent CREATE TABLE IF NOT EXISTS on an empty
  // database can collide.
  log(`starting 7 processes; logs in ${logDir}`);
  await ledger.start();
  await departments[0].start();
  await Promise.all(departments.slice(1).map((s) => s.start()));

  console.log(`\ncluebus: seven processes on ${brokers.join(',')} and ${databaseUrl.replace(/\/\/[^@]*@/, '//')}\n`);
  console.log(`  ledger  ${ledger.url}   GET /v1/ledger/departments  (relay runs here)   pid ${ledger.pid}`);
  for (const s of departments) console.log(`  ${s.name.padEnd(6)}  ${s.url}   API key ${keys[s.name]}   pid ${s.pid}`);
  console.log(`  investigator key ${investigatorKey} (audit API on nhc: /v1/audit/checkpoints/latest, POST /v1/audit/verify)`);
  console.log(`\n  try:  curl -s -H "Authorization: Bearer ${keys.samr}" ${departments[4].url}/v1/inbox`);
  console.log(`  logs: tail -f ${path.relative(process.cwd(), logDir)}/*.log      Ctrl-C stops everything\n`);

  // A process that dies on its own is reported, not restarted: this is a developer's set-up.
  const reported = new Set<string>();
  setInterval(() => {
    for (const s of services) {
      if (s.running || stopping || reported.has(s.name)) continue;
      reported.add(s.name);
      log(`${s.name} stopped on its own; see ${s.logFile} (Ctrl-C and run again to restart)`);
    }
  }, 2_000).unref();
  setInterval(() => undefined, 1 << 30);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
