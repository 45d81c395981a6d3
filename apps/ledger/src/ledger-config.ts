import { isDepartmentInstance } from '@cluebus/contracts';
import { ConfigError } from '@cluebus/service';

/**
 * The read side's settings, from the environment (every one has a default):
 *
 * | variable          | default                                  | meaning                                  |
 * |-------------------|------------------------------------------|------------------------------------------|
 * | PORT              | 3100                                     | HTTP port (`/v1/ledger/...`, `/health`)  |
 * | DATABASE_URL      | postgres://postgres@127.0.0.1:5432/test  | the event store's PostgreSQL             |
 * | KAFKA_BROKERS     | (required)                               | host:port,...                            |
 * | CLUEBUS_RELAY     | true                                     | run the store → Kafka relay here         |
 * | CLUEBUS_API_KEYS  | (none: every query is refused)           | key=code:region,... allowed to read      |
 * | CLUEBUS_HASH      | sha256                                   | must match the store's hash algorithm    |
 * Kafka topic settings: CLUEBUS_KAFKA_* (libs/bus/src/kafka/kafka-settings.ts).
 */
export interface LedgerConfig {
  port: number;
  databaseUrl: string;
  brokers: string[];
  runRelay: boolean;
  apiKeys: Array<{ key: string; instance: string }>;
  hashAlgorithm: 'sha256' | 'sm3';
}

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');

export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const port = Number(env.PORT ?? '3100');
  if (!Number.isInteger(port) || port < 0) throw new ConfigError(`PORT must be an integer ≥ 0, got "${env.PORT}"`);
  const brokers = (env.KAFKA_BROKERS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (brokers.length === 0) throw new ConfigError('KAFKA_BROKERS must list host:port of the Kafka brokers (the ledger reads cluebus.events)');
  if ((env.CLUEBUS_BUS ?? 'kafka') !== 'kafka') throw new ConfigError('the ledger runs on Kafka only (CLUEBUS_BUS=kafka); standalone has no separate read side');
  const relay = env.CLUEBUS_RELAY ?? 'true';
  if (relay !== 'true' && relay !== 'false') throw new ConfigError(`CLUEBUS_RELAY must be true or false, got "${relay}"`);
  const hashAlgorithm = (env.CLUEBUS_HASH ?? 'sha256') as LedgerConfig['hashAlgorithm'];
  if (hashAlgorithm !== 'sha256' && hashAlgorithm !== 'sm3') throw new ConfigError('CLUEBUS_HASH must be sha256 or sm3');
  const apiKeys = (env.CLUEBUS_API_KEYS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const [key, instance] = pair.split('=');
      if (!key || !isDepartmentInstance(instance)) throw new ConfigError(`CLUEBUS_API_KEYS entry "${pair}" must be key=code:region`);
      if (key.startsWith('dev-')) throw new ConfigError('demo API keys (dev-*) are refused by the ledger');
      return { key, instance };
    });
  return {
    port,
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    brokers,
    runRelay: relay === 'true',
    apiKeys,
    hashAlgorithm,
  };
}
