import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadSigningKeyPair, toPublicKey } from '@cluebus/audit';
import { DEPARTMENT_CODES, isDepartmentCode, isDepartmentInstance, type DepartmentCode } from '@cluebus/contracts';
import type { StoreConfig } from '@cluebus/eventstore';

/**
 * What a key may do: act for a department instance (`department`), or read every clue's history
 * and the audit API, read-only, every read logged (`investigator`; its instance is `investigator`).
 */
export interface ApiKeyGrant {
  key: string;
  instance: string;
  role: 'department' | 'investigator';
}

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

export interface CluebusConfig {
  /** standalone: every department in one process, embedded store, in-process bus (npm start). */
  mode: 'standalone' | 'department';
  /** Department codes whose inbox this process consumes. */
  departments: DepartmentCode[];
  port: number;
  store: StoreConfig;
  bus: { kind: 'in-process' } | { kind: 'kafka'; brokers: string[]; clientId: string };
  /** Run the store → bus relay in this process (exactly one process should). */
  runRelay: boolean;
  apiKeys: ApiKeyGrant[];
  /** HMAC key that tokenises personal ID numbers before they reach an event. */
  idTokenKey: string;
  /** Default 签收 and 反馈 periods when a transfer names no deadline. */
  acknowledgeDays: number;
  feedbackDays: number;
  audit: AuditConfig;
}

export const DEMO_REGION = '341300';
export const DEMO_ID_TOKEN_KEY = 'cluebus-standalone-demo-key-not-for-production';
/** Demo keys `dev-<code>` → `<code>:341300`, and `dev-investigator`; refused outside standalone. */
export const demoApiKeys = (): ApiKeyGrant[] => [
  ...DEPARTMENT_CODES.map((code) => ({ key: `dev-${code}`, instance: `${code}:${DEMO_REGION}`, role: 'department' as const })),
  { key: 'dev-investigator', instance: 'investigator', role: 'investigator' as const },
];

export class ConfigError extends Error {
  constructor(message: string) {
    super(`configuration: ${message}`);
    this.name = 'ConfigError';
  }
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

/** `key=code:region,key2=code:region,key3=investigator` */
function parseApiKeys(raw: string): ApiKeyGrant[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const [key, instance] = pair.split('=');
      if (key && instance === 'investigator') return { key, instance, role: 'investigator' as const };
      if (!key || !isDepartmentInstance(instance)) throw new ConfigError(`CLUEBUS_API_KEYS entry "${pair}" must be key=code:region or key=investigator`);
      return { key, instance, role: 'department' as const };
    });
}

/** PEM text from VAR or the file named by VAR_FILE; `\n` escapes allowed (one-line env files). */
function pemSetting(env: NodeJS.ProcessEnv, name: string): string | undefined {
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
  const flag = env.CLUEBUS_CHECKPOINTER ?? String(runRelay);
  if (flag !== 'true' && flag !== 'false') throw new ConfigError(`CLUEBUS_CHECKPOINTER must be true or false, got "${flag}"`);
  const checkpointer = flag === 'true';
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
    checkpointEvery: int(env, 'CLUEBUS_CHECKPOINT_EVERY', 1000, 1),
    checkpointSeconds: int(env, 'CLUEBUS_CHECKPOINT_SECONDS', 10, 0),
    ...(signingKeyPem !== undefined ? { signingKeyPem } : {}),
    ...(generatedKeyStore ? { generatedKeyStore } : {}),
    trustedKeysPem,
  };
}

/**
 * Reads and validates the configuration from the environment at start; every setting has a
 * documented default (README "Configuration"). Throws ConfigError naming the setting.
 */
export function loadCluebusConfig(env: NodeJS.ProcessEnv = process.env): CluebusConfig {
  const mode = (env.CLUEBUS_MODE ?? 'standalone') as CluebusConfig['mode'];
  if (mode !== 'standalone' && mode !== 'department') throw new ConfigError(`CLUEBUS_MODE must be standalone or department, got "${mode}"`);
  const standalone = mode === 'standalone';

  const departments = (env.CLUEBUS_DEPARTMENTS ?? (standalone ? DEPARTMENT_CODES.join(',') : ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (departments.length === 0) throw new ConfigError('CLUEBUS_DEPARTMENTS must name at least one department code in department mode');
  for (const d of departments) if (!isDepartmentCode(d)) throw new ConfigError(`CLUEBUS_DEPARTMENTS: unknown department code "${d}"`);

  const storeKind = (env.CLUEBUS_STORE ?? (standalone ? 'pglite' : 'postgres')) as StoreConfig['kind'];
  if (storeKind !== 'pglite' && storeKind !== 'postgres') throw new ConfigError(`CLUEBUS_STORE must be pglite or postgres, got "${storeKind}"`);
  const databaseUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dataDir = env.CLUEBUS_DATA_DIR === 'memory' ? undefined : resolve(env.CLUEBUS_DATA_DIR ?? '.data/standalone');
  const hashAlgorithm = (env.CLUEBUS_HASH ?? 'sha256') as 'sha256' | 'sm3';
  if (hashAlgorithm !== 'sha256' && hashAlgorithm !== 'sm3') throw new ConfigError(`CLUEBUS_HASH must be sha256 or sm3`);

  const busKind = env.CLUEBUS_BUS ?? (standalone ? 'in-process' : 'kafka');
  let bus: CluebusConfig['bus'];
  if (busKind === 'in-process') bus = { kind: 'in-process' };
  else if (busKind === 'kafka') {
    const brokers = (env.KAFKA_BROKERS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (brokers.length === 0) throw new ConfigError('KAFKA_BROKERS must list host:port of the Kafka brokers when CLUEBUS_BUS=kafka');
    bus = { kind: 'kafka', brokers, clientId: `cluebus-${departments.join('-')}` };
  } else throw new ConfigError(`CLUEBUS_BUS must be in-process or kafka, got "${busKind}"`);

  const apiKeys = [...(env.CLUEBUS_API_KEYS ? parseApiKeys(env.CLUEBUS_API_KEYS) : []), ...(standalone ? demoApiKeys() : [])];
  if (!standalone && apiKeys.some((k) => k.key.startsWith('dev-'))) {
    throw new ConfigError('demo API keys (dev-*) are refused outside standalone mode');
  }
  // A department process accepts only keys of the departments it hosts: a key of another
  // department would let that department act through the wrong service.
  const foreign = apiKeys.find((k) => k.role === 'department' && !departments.includes(k.instance.split(':')[0]));
  if (foreign) throw new ConfigError(`CLUEBUS_API_KEYS: a key for ${foreign.instance}, which this process (${departments.join(',')}) does not host`);
  const idTokenKey = env.CLUEBUS_ID_TOKEN_KEY ?? (standalone ? DEMO_ID_TOKEN_KEY : '');
  if (idTokenKey.length < 16) throw new ConfigError('CLUEBUS_ID_TOKEN_KEY must be set (≥ 16 characters) outside standalone mode');
  if (!standalone && idTokenKey === DEMO_ID_TOKEN_KEY) throw new ConfigError('the demo CLUEBUS_ID_TOKEN_KEY is refused outside standalone mode');

  const store: StoreConfig = { kind: storeKind, dataDir, databaseUrl, hashAlgorithm, poolMax: int(env, 'CLUEBUS_PG_POOL_MAX', 10, 1) };
  const runRelay = (env.CLUEBUS_RELAY ?? (standalone ? 'true' : 'false')) === 'true';
  return {
    mode,
    departments: departments as DepartmentCode[],
    port: int(env, 'PORT', 3000),
    store,
    bus,
    runRelay,
    apiKeys,
    idTokenKey,
    acknowledgeDays: int(env, 'CLUEBUS_ACK_DAYS', 5, 1),
    feedbackDays: int(env, 'CLUEBUS_FEEDBACK_DAYS', 30, 1),
    audit: loadAuditConfig(env, standalone, runRelay, store),
  };
}

export const CLUEBUS_CONFIG = Symbol('CLUEBUS_CONFIG');
