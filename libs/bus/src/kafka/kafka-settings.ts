/**
 * Kafka settings of the bus, read from the environment at start; every one has a default.
 *
 * | variable                         | default | meaning                                              |
 * |----------------------------------|---------|------------------------------------------------------|
 * | CLUEBUS_KAFKA_PARTITIONS         | 3       | partitions of each topic the bus creates             |
 * | CLUEBUS_KAFKA_REPLICATION        | 1       | replication factor of each topic the bus creates     |
 * | CLUEBUS_KAFKA_NAMESPACE          | (none)  | prefix of topic and group names on a shared cluster  |
 * | CLUEBUS_KAFKA_SESSION_TIMEOUT_MS | 10000   | consumer session timeout: how soon a dead member's   |
 * |                                  |         | partitions move to a live one                        |
 * | CLUEBUS_KAFKA_RETENTION_MS       | -1      | retention.ms of the topics the bus creates; -1 keeps |
 * |                                  |         | messages forever                                     |
 *
 * Why keep forever by default: a department that is down must receive every clue when it comes
 * back, from its committed offset. With Kafka's default (7 days) a department down longer would
 * find its messages deleted and its consumer would silently continue at the earliest one left.
 * The volume (clue transfers between six departments) is small; a shorter retention is a choice
 * to make together with a rebuild of the inboxes from the store.
 */
export interface KafkaSettings {
  partitions: number;
  replicationFactor: number;
  namespace: string;
  sessionTimeoutMs: number;
  retentionMs: number;
}

export const DEFAULT_KAFKA_SETTINGS: KafkaSettings = { partitions: 3, replicationFactor: 1, namespace: '', sessionTimeoutMs: 10_000, retentionMs: -1 };

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

/** Throws a RangeError naming the variable when a value is invalid. */
export function kafkaSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaSettings {
  const namespace = env.CLUEBUS_KAFKA_NAMESPACE ?? '';
  if (!/^[a-zA-Z0-9._-]*$/.test(namespace)) throw new RangeError(`CLUEBUS_KAFKA_NAMESPACE may only hold a-z A-Z 0-9 . _ -, got "${namespace}"`);
  return {
    partitions: int(env, 'CLUEBUS_KAFKA_PARTITIONS', DEFAULT_KAFKA_SETTINGS.partitions, 1),
    replicationFactor: int(env, 'CLUEBUS_KAFKA_REPLICATION', DEFAULT_KAFKA_SETTINGS.replicationFactor, 1),
    namespace,
    // Kafka refuses sessions shorter than group.min.session.timeout.ms (6 s by default).
    sessionTimeoutMs: int(env, 'CLUEBUS_KAFKA_SESSION_TIMEOUT_MS', DEFAULT_KAFKA_SETTINGS.sessionTimeoutMs, 6_000),
    retentionMs: int(env, 'CLUEBUS_KAFKA_RETENTION_MS', DEFAULT_KAFKA_SETTINGS.retentionMs, -1),
  };
}
