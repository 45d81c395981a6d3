import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadSigningKeyPair, toPublicKey } from '@cluebus/audit';
import { DEPARTMENT_CODES, isDepartmentCode, type DepartmentCode } from '@cluebus/contracts';
import type { StoreConfig } from '@cluebus/eventstore';
import {
  type ApiKeyGrant,
  DEMO_KEY_PREFIX,
  DEPARTMENT_SERVICE_KEYS,
  DEPARTMENT_SERVICE_KEYS_OUTSIDE_STANDALONE,
  AUDITOR_INSTANCE,
  INVESTIGATOR_INSTANCE,
  parseApiKeys,
} from '../auth/api-keys';
import { loadJwtSettings, type JwtSettings } from '../auth/jwt-settings';
import { ConfigError } from './config-error';
import { booleanSetting, intSetting, listSetting, oneOfSetting, relayHealthSettings } from './env-settings';
import { CONTAINER_HOST, type HttpSettings, loadHttpSettings, STANDALONE_HOST } from './http-settings';

export { ConfigError } from './config-error';
export type { ApiKeyGrant } from '../auth/api-keys';

/** Signed Merkle checkpoints and the audit API (docs/adr/0005). */
export interface AuditConfig {
  /** Issue checkpoints in this process (CLUEBUS_CHECKPOINTER; default: where the relay runs). */
  checkpointer: boolean;
  /** A checkpoint at every multiple of this many events (CLUEBUS_CHECKPOINT_EVERY, 1000). */
  checkpointEvery: number;
  /** …and at the head when this many seconds passed with new events (CLUEBUS_CHECKPOINT_SECONDS, 10; 0 = never by time). */
  checkpointSeconds: number;
  /** Ed25519 private key, PKCS#8 PEM (CLUEBUS_SIGNING_KEY, or the file CLUEBUS_SIGNING_KEY_FILE). */
  signingKeyPem?: string;
  /**
   * Standalone without a configured key: where the generated key is kept — a file beside the
   * PGlite data directory, or 'database' (in-memory PGlite, or PostgreSQL).
   */
  generatedKeyStore?: { kind: 'file'; path: string } | { kind: 'database' };
  /** Further trusted public keys, SPKI PEM (CLUEBUS_TRUSTED_KEYS / _FILE): earlier keys after a rotation, or the checkpointer's key in other processes. */
  trustedKeysPem: string[];
}

/** The personal-data vault (docs/adr/0010): the master key that wraps every data key. */
export interface VaultConfig {
  /** 32 bytes (CLUEBUS_VAULT_MASTER_KEY, base64); absent only in standalone, which generates one. */
  masterKey?: Buffer;
  /** Standalone without a configured key: the file beside the PGlite data that keeps the generated one (in memory otherwise). */
  generatedKeyFile?: string;
}

export interface CluebusConfig {
  /** standalone: every department in one process, embedded store, in-process bus (npm start). */
  mode: 'standalone' | 'department';
  /** Department codes whose inbox this process consumes. */
  departments: DepartmentCode[];
  port: number;
  /** Bind address, body limit, keep-alive (CLUEBUS_HOST, CLUEBUS_BODY_LIMIT, CLUEBUS_KEEP_ALIVE_TIMEOUT_MS; see http-settings.ts). */
  http: HttpSettings;
  store: StoreConfig;
  bus: { kind: 'in-process' } | { kind: 'kafka'; brokers: string[]; clientId: string };
  /** Run the store → bus relay in this process (exactly one process should). */
  runRelay: boolean;
  /** Lease lifetime of the singleton processors (relay, checkpointer): a dead holder's standby takes over within it (CLUEBUS_LEASE_TTL_MS, 6000). */
  leaseTtlMs: number;
  /** When /health reports the relay degraded: lag in events or seconds, failures in a row. */
  relayHealth: { maxLagEvents: number; maxLagSeconds: number; maxFailures: number };
  apiKeys: ApiKeyGrant[];
  /** Single-sign-on JWTs accepted beside the API keys (CLUEBUS_JWT_*; ADR 0016); absent when not configured. */
  jwt?: JwtSettings;
  /** Server URLs the OpenAPI document names (CLUEBUS_OPENAPI_SERVERS, comma-separated; default http://localhost:3000). */
  openapiServers: string[];
  /** HMAC key that tokenises personal ID numbers before they reach an event. */
  idTokenKey: string;
  vault: VaultConfig;
  /** Default 签收 and 反馈 periods when a transfer names no deadline. */
  acknowledgeDays: number;
  feedbackDays: number;
  /** How often the overdue scheduler (a singleton) scans for missed deadlines (CLUEBUS_OVERDUE_SCAN_SECONDS, 60). */
  overdueScanSeconds: number;
  /** How often the one-sided bribery check (a singleton, 行贿受贿一起查) looks at cases (CLUEBUS_BRIBERY_SCAN_SECONDS, 300). */
  briberyScanSeconds: number;
  /** How often the sanction expiry scheduler (a singleton, 联合惩戒) looks for sanctions past their last day (CLUEBUS_SANCTION_EXPIRY_SCAN_SECONDS, 300). */
  sanctionExpiryScanSeconds: number;
  audit: AuditConfig;
}

export const DEMO_REGION = '341300';
export const DEMO_ID_TOKEN_KEY = 'cluebus-standalone-demo-key-not-for-production';
/** Demo keys `dev-<code>` → `<code>:341300`, `dev-investigator` and `dev-auditor`; refused outside standalone. */
export const demoApiKeys = (): ApiKeyGrant[] => [
  ...DEPARTMENT_CODES.map((code) => ({ key: `${DEMO_KEY_PREFIX}${code}`, instance: `${code}:${DEMO_REGION}`, role: 'department' as const })),
  { key: `${DEMO_KEY_PREFIX}investigator`, instance: INVESTIGATOR_INSTANCE, role: 'investigator' as const },
  { key: `${DEMO_KEY_PREFIX}auditor`, instance: AUDITOR_INSTANCE, role: 'auditor' as const },
];

/** PEM text from VAR or the file named by VAR_FILE; `\n` escapes allowed (one-line env files). Exported for the CLI, which reads keys as the services do. */
export function pemSetting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const inline = env[name];
  const file = env[`${name}_FILE`];
  if (inline && file) throw new ConfigError(`set ${name} or ${name}_FILE, not both`);
  if (file) {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(`${name}_FILE: cannot read ${file}: ${(error as Error).message}`);
    }
  }
  return inline ? inline.replace(/\\n/g, '\n') : undefined;
}

function loadAuditConfig(env: NodeJS.ProcessEnv, standalone: boolean, runRelay: boolean, store: StoreConfig): AuditConfig {
  const checkpointer = booleanSetting(env, 'CLUEBUS_CHECKPOINTER', runRelay);
  const signingKeyPem = pemSetting(env, 'CLUEBUS_SIGNING_KEY');
  if (signingKeyPem !== undefined) {
    try {
      loadSigningKeyPair(signingKeyPem);
    } catch (error) {
      throw new ConfigError(`CLUEBUS_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM: ${(error as Error).message}`);
    }
  }
  if (checkpointer && !standalone && signingKeyPem === undefined) {
    throw new ConfigError(
      'CLUEBUS_SIGNING_KEY (Ed25519 private key, PKCS#8 PEM) or CLUEBUS_SIGNING_KEY_FILE is required in the process that issues checkpoints ' +
        '(CLUEBUS_CHECKPOINTER, default: where CLUEBUS_RELAY=true); set it, or CLUEBUS_CHECKPOINTER=false',
    );
  }
  const trustedKeysPem = (pemSetting(env, 'CLUEBUS_TRUSTED_KEYS') ?? '').match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? [];
  for (const pem of trustedKeysPem) {
    try {
      toPublicKey(pem);
    } catch (error) {
      throw new ConfigError(`CLUEBUS_TRUSTED_KEYS must hold Ed25519 public keys in SPKI PEM: ${(error as Error).message}`);
    }
  }
  const generatedKeyStore: AuditConfig['generatedKeyStore'] =
    !standalone || signingKeyPem !== undefined
      ? undefined
      : store.kind === 'pglite' && store.dataDir
        ? { kind: 'file', path: `${store.dataDir}.signing-key.pem` }
        : { kind: 'database' };
  return {
    checkpointer,
    checkpointEvery: intSetting(env, 'CLUEBUS_CHECKPOINT_EVERY', 1000, 1),
    checkpointSeconds: intSetting(env, 'CLUEBUS_CHECKPOINT_SECONDS', 10, 0),
    ...(signingKeyPem !== undefined ? { signingKeyPem } : {}),
    ...(generatedKeyStore ? { generatedKeyStore } : {}),
    trustedKeysPem,
  };
}

function loadDepartments(env: NodeJS.ProcessEnv, standalone: boolean): DepartmentCode[] {
  const departments = listSetting(env, 'CLUEBUS_DEPARTMENTS', standalone ? DEPARTMENT_CODES.join(',') : '');
  if (departments.length === 0) throw new ConfigError('CLUEBUS_DEPARTMENTS must name at least one department code in department mode');
  for (const d of departments) if (!isDepartmentCode(d)) throw new ConfigError(`CLUEBUS_DEPARTMENTS: unknown department code "${d}"`);
  return departments as DepartmentCode[];
}

/** Exported for the CLI: it opens the store exactly as the services configure it. */
export function loadStoreConfig(env: NodeJS.ProcessEnv, standalone: boolean): StoreConfig {
  return {
    kind: oneOfSetting(env, 'CLUEBUS_STORE', ['pglite', 'postgres'], standalone ? 'pglite' : 'postgres'),
    dataDir: env.CLUEBUS_DATA_DIR === 'memory' ? undefined : resolve(env.CLUEBUS_DATA_DIR ?? '.data/standalone'),
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    hashAlgorithm: oneOfSetting(env, 'CLUEBUS_HASH', ['sha256', 'sm3'], 'sha256'),
    poolMax: intSetting(env, 'CLUEBUS_PG_POOL_MAX', 10, 1),
    sealing: oneOfSetting(env, 'CLUEBUS_SEALING', ['inline', 'sealer'], 'inline'),
  };
}

function loadBusConfig(env: NodeJS.ProcessEnv, standalone: boolean, departments: DepartmentCode[]): CluebusConfig['bus'] {
  const kind = oneOfSetting(env, 'CLUEBUS_BUS', ['in-process', 'kafka'], standalone ? 'in-process' : 'kafka');
  if (kind === 'in-process') return { kind };
  const brokers = listSetting(env, 'KAFKA_BROKERS');
  if (brokers.length === 0) throw new ConfigError('KAFKA_BROKERS must list host:port of the Kafka brokers when CLUEBUS_BUS=kafka');
  return { kind, brokers, clientId: `cluebus-${departments.join('-')}` };
}

/** CLUEBUS_API_KEYS (department and investigator keys); the demo keys are added in standalone, refused elsewhere. */
function loadApiKeys(env: NodeJS.ProcessEnv, standalone: boolean, departments: DepartmentCode[]): ApiKeyGrant[] {
  const apiKeys = standalone
    ? [...parseApiKeys(env.CLUEBUS_API_KEYS, DEPARTMENT_SERVICE_KEYS), ...demoApiKeys()]
    : parseApiKeys(env.CLUEBUS_API_KEYS, DEPARTMENT_SERVICE_KEYS_OUTSIDE_STANDALONE);
  // A process accepts only keys of the departments it hosts: a key of another department
  // would let that department act through the wrong service.
  const foreign = apiKeys.find((k) => k.role === 'department' && !(departments as string[]).includes(k.instance.split(':')[0]));
  if (foreign) throw new ConfigError(`CLUEBUS_API_KEYS: a key for ${foreign.instance}, which this process (${departments.join(',')}) does not host`);
  return apiKeys;
}

function loadIdTokenKey(env: NodeJS.ProcessEnv, standalone: boolean): string {
  const idTokenKey = env.CLUEBUS_ID_TOKEN_KEY ?? (standalone ? DEMO_ID_TOKEN_KEY : '');
  if (idTokenKey.length < 16) throw new ConfigError('CLUEBUS_ID_TOKEN_KEY must be set (≥ 16 characters) outside standalone mode');
  if (!standalone && idTokenKey === DEMO_ID_TOKEN_KEY) throw new ConfigError('the demo CLUEBUS_ID_TOKEN_KEY is refused outside standalone mode');
  return idTokenKey;
}

/** A base64 32-byte AES-256 key, or a ConfigError naming the setting. */
export function parseVaultMasterKey(value: string, setting = 'CLUEBUS_VAULT_MASTER_KEY'): Buffer {
  const trimmed = value.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== 32) throw new ConfigError(`${setting} must be 32 bytes in base64 (e.g. openssl rand -base64 32)`);
  return key;
}

function loadVaultConfig(env: NodeJS.ProcessEnv, standalone: boolean, store: StoreConfig): VaultConfig {
  const configured = env.CLUEBUS_VAULT_MASTER_KEY;
  if (configured !== undefined && configured !== '') return { masterKey: parseVaultMasterKey(configured) };
  if (!standalone) throw new ConfigError('CLUEBUS_VAULT_MASTER_KEY (32 bytes, base64) is required outside standalone mode: it wraps the keys of the personal-data vault');
  return store.kind === 'pglite' && store.dataDir ? { generatedKeyFile: `${store.dataDir}.vault-master.key` } : {};
}

/**
 * Reads and validates the configuration from the environment at start; every setting has a
 * documented default (README "Configuration"). Throws ConfigError naming the setting.
 * One loader per section (store, bus, keys, audit …): a new section is a new field of
 * CluebusConfig and a new load…(env, …) call here, reading its variables with env-settings.
 */
export function loadCluebusConfig(env: NodeJS.ProcessEnv = process.env): CluebusConfig {
  const mode = oneOfSetting(env, 'CLUEBUS_MODE', ['standalone', 'department'], 'standalone');
  const standalone = mode === 'standalone';
  const departments = loadDepartments(env, standalone);
  const store = loadStoreConfig(env, standalone);
  const bus = loadBusConfig(env, standalone, departments);
  const runRelay = booleanSetting(env, 'CLUEBUS_RELAY', standalone);
  return {
    mode,
    departments,
    port: intSetting(env, 'PORT', 3000),
    http: loadHttpSettings(env, { host: standalone ? STANDALONE_HOST : CONTAINER_HOST }),
    store,
    bus,
    runRelay,
    leaseTtlMs: intSetting(env, 'CLUEBUS_LEASE_TTL_MS', 6000, 500),
    relayHealth: relayHealthSettings(env),
    apiKeys: loadApiKeys(env, standalone, departments),
    jwt: loadJwtSettings(env),
    openapiServers: listSetting(env, 'CLUEBUS_OPENAPI_SERVERS', DEFAULT_OPENAPI_SERVER),
    idTokenKey: loadIdTokenKey(env, standalone),
    vault: loadVaultConfig(env, standalone, store),
    acknowledgeDays: intSetting(env, 'CLUEBUS_ACK_DAYS', 5, 1),
    feedbackDays: intSetting(env, 'CLUEBUS_FEEDBACK_DAYS', 30, 1),
    overdueScanSeconds: intSetting(env, 'CLUEBUS_OVERDUE_SCAN_SECONDS', 60, 1),
    briberyScanSeconds: intSetting(env, 'CLUEBUS_BRIBERY_SCAN_SECONDS', 300, 1),
    sanctionExpiryScanSeconds: intSetting(env, 'CLUEBUS_SANCTION_EXPIRY_SCAN_SECONDS', 300, 1),
    audit: loadAuditConfig(env, standalone, runRelay, store),
  };
}

export const CLUEBUS_CONFIG = Symbol('CLUEBUS_CONFIG');

/** The server the committed document (openapi/cluebus.v1.json) names: `npm start`'s. */
export const DEFAULT_OPENAPI_SERVER = 'http://localhost:3000';
