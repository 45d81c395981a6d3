import { resolve } from 'node:path';
import { DEPARTMENT_CODES, isDepartmentCode, isDepartmentInstance, type DepartmentCode } from '@cluebus/contracts';
import type { StoreConfig } from '@cluebus/eventstore';

/** What a key may do: act for a department instance, or (later) read as investigator/auditor. */
export interface ApiKeyGrant {
  key: string;
  instance: string;
  role: 'department';
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
}

export const DEMO_REGION = '341300';
export const DEMO_ID_TOKEN_KEY = 'cluebus-standalone-demo-key-not-for-production';
/** Demo keys `dev-<code>` → `<code>:341300`; refused outside standalone. */
export const demoApiKeys = (): ApiKeyGrant[] =>
  DEPARTMENT_CODES.map((code) => ({ key: `dev-${code}`, instance: `${code}:${DEMO_REGION}`, role: 'department' as const }));

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

/** `key=code:region,key2=code:region` */
function parseApiKeys(raw: string): ApiKeyGrant[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const [key, instance] = pair.split('=');
      if (!key || !isDepartmentInstance(instance)) throw new ConfigError(`CLUEBUS_API_KEYS entry "${pair}" must be key=code:region`);
      return { key, instance, role: 'department' as const };
    });
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
  const idTokenKey = env.CLUEBUS_ID_TOKEN_KEY ?? (standalone ? DEMO_ID_TOKEN_KEY : '');
  if (idTokenKey.length < 16) throw new ConfigError('CLUEBUS_ID_TOKEN_KEY must be set (≥ 16 characters) outside standalone mode');
  if (!standalone && idTokenKey === DEMO_ID_TOKEN_KEY) throw new ConfigError('the demo CLUEBUS_ID_TOKEN_KEY is refused outside standalone mode');

  return {
    mode,
    departments: departments as DepartmentCode[],
    port: int(env, 'PORT', 3000),
    store: { kind: storeKind, dataDir, databaseUrl, hashAlgorithm },
    bus,
    runRelay: (env.CLUEBUS_RELAY ?? (standalone ? 'true' : 'false')) === 'true',
    apiKeys,
    idTokenKey,
    acknowledgeDays: int(env, 'CLUEBUS_ACK_DAYS', 5, 1),
    feedbackDays: int(env, 'CLUEBUS_FEEDBACK_DAYS', 30, 1),
  };
}

export const CLUEBUS_CONFIG = Symbol('CLUEBUS_CONFIG');
