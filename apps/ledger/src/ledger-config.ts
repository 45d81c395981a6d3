import { type ApiKeyGrant, LEDGER_KEYS, parseApiKeys } from '@cluebus/service/auth';
import { booleanSetting, ConfigError, intSetting, listSetting, oneOfSetting, relayHealthSettings } from '@cluebus/service/config';

/**
 * The read side's settings, from the environment (every one has a default):
 *
 * | variable          | default                                  | meaning                                  |
 * |-------------------|------------------------------------------|------------------------------------------|
 * | PORT              | 3100                                     | HTTP port (`/v1/ledger/...`, `/health`)  |
 * | DATABASE_URL      | postgres://postgres@127.0.0.1:5432/test  | the event store's PostgreSQL             |
 * | KAFKA_BROKERS     | (required)                               | host:port,...                            |
 * | CLUEBUS_RELAY     | true                                     | run the store → Kafka relay here         |
 * | CLUEBUS_API_KEYS  | (none: every query is refused)           | key=code:region,... allowed to read; no  |
 * |                   |                                          | investigator keys, no demo dev-* keys    |
 * | CLUEBUS_LEASE_TTL_MS | 6000                                  | relay lease: a standby takes over within it |
 * | CLUEBUS_HASH      | sha256                                   | must match the store's hash algorithm    |
 * Kafka topic settings: CLUEBUS_KAFKA_* (libs/bus/src/kafka/kafka-settings.ts).
 */
export interface LedgerConfig {
  port: number;
  databaseUrl: string;
  brokers: string[];
  runRelay: boolean;
  /** Lease lifetime of the relay singleton (CLUEBUS_LEASE_TTL_MS, 6000): a standby replica takes over within it. */
  leaseTtlMs: number;
  /** When /health reports the relay degraded (CLUEBUS_RELAY_MAX_LAG_EVENTS / _SECONDS / _FAILURES). */
  relayHealth: { maxLagEvents: number; maxLagSeconds: number; maxFailures: number };
  /** Department keys only (role `department`). */
  apiKeys: ApiKeyGrant[];
  hashAlgorithm: 'sha256' | 'sm3';
  /** CLUEBUS_SEALING, as the department services read it (StoreConfig.sealing). */
  sealing: 'inline' | 'sealer';
}

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');

export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const port = intSetting(env, 'PORT', 3100);
  const brokers = listSetting(env, 'KAFKA_BROKERS');
  if (brokers.length === 0) throw new ConfigError('KAFKA_BROKERS must list host:port of the Kafka brokers (the ledger reads cluebus.events)');
  if ((env.CLUEBUS_BUS ?? 'kafka') !== 'kafka') throw new ConfigError('the ledger runs on Kafka only (CLUEBUS_BUS=kafka); standalone has no separate read side');
  const runRelay = booleanSetting(env, 'CLUEBUS_RELAY', true);
  const hashAlgorithm = oneOfSetting(env, 'CLUEBUS_HASH', ['sha256', 'sm3'], 'sha256');
  return {
    port,
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    brokers,
    runRelay,
    leaseTtlMs: intSetting(env, 'CLUEBUS_LEASE_TTL_MS', 6000, 500),
    relayHealth: relayHealthSettings(env),
    apiKeys: parseApiKeys(env.CLUEBUS_API_KEYS, LEDGER_KEYS),
    hashAlgorithm,
    sealing: oneOfSetting(env, 'CLUEBUS_SEALING', ['inline', 'sealer'], 'inline'),
  };
}
