import { randomBytes } from 'node:crypto';
import { DEPARTMENT_CODES } from '@cluebus/contracts';
import { getKafkaBrokers } from './kafka/kafka-broker';

/**
 * The settings of one department-mode process hosting all six departments on PostgreSQL and the
 * suite's Kafka broker, in a topic namespace of its own (`<prefix><random>`), relay on and no
 * checkpointer: what an e2e test needs to drive the production shape from its own process.
 */
export function allDepartmentsEnv(options: { databaseUrl: string; namespacePrefix: string; apiKeys: string }): NodeJS.ProcessEnv {
  return {
    CLUEBUS_MODE: 'department',
    CLUEBUS_DEPARTMENTS: DEPARTMENT_CODES.join(','),
    CLUEBUS_BUS: 'kafka',
    KAFKA_BROKERS: getKafkaBrokers().join(','),
    CLUEBUS_KAFKA_NAMESPACE: `${options.namespacePrefix}${randomBytes(4).toString('hex')}`,
    CLUEBUS_STORE: 'postgres',
    DATABASE_URL: options.databaseUrl,
    CLUEBUS_RELAY: 'true',
    CLUEBUS_CHECKPOINTER: 'false',
    CLUEBUS_API_KEYS: options.apiKeys,
    CLUEBUS_ID_TOKEN_KEY: `test-id-token-key-${randomBytes(8).toString('hex')}`,
    // Required outside standalone (docs/adr/0010): the personal-data vault's master key.
    CLUEBUS_VAULT_MASTER_KEY: randomBytes(32).toString('base64'),
    PORT: '0',
  };
}
