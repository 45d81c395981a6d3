/**
 * Kafka settings of the bus, read from the environment at start; every one has a default.
 *
 * | variable                          | default    | meaning                                              |
 * |-----------------------------------|------------|------------------------------------------------------|
 * | CLUEBUS_KAFKA_PARTITIONS          | 3          | partitions of each topic the bus creates             |
 * | CLUEBUS_KAFKA_REPLICATION         | 1          | replication factor of each topic the bus creates     |
 * | CLUEBUS_KAFKA_NAMESPACE           | (none)     | prefix of topic and group names on a shared cluster  |
 * | CLUEBUS_KAFKA_SESSION_TIMEOUT_MS  | 10000      | consumer session timeout: how soon a dead member's   |
 * |                                   |            | partitions move to a live one                        |
 * | CLUEBUS_KAFKA_RETENTION_MS        | 2592000000 | retention.ms of cluebus.events and the department    |
 * |                                   | (30 days)  | topics when the bus creates them; -1 keeps forever   |
 * | CLUEBUS_KAFKA_DLQ_RETENTION_MS    | 7776000000 | retention.ms of cluebus.dlq when the bus creates it; |
 * |                                   | (90 days)  | -1 keeps forever                                     |
 * | CLUEBUS_KAFKA_SSL                 | false      | TLS to the brokers (server certificate verified)     |
 * | CLUEBUS_KAFKA_SSL_CA_FILE         | (none)     | PEM CA bundle to verify the brokers; none: Node's    |
 * |                                   |            | default CAs (and NODE_EXTRA_CA_CERTS)                |
 * | CLUEBUS_KAFKA_SSL_CERT_FILE       | (none)     | PEM client certificate (mutual TLS), with _KEY_FILE  |
 * | CLUEBUS_KAFKA_SSL_KEY_FILE        | (none)     | PEM private key of that certificate (unencrypted)    |
 * | CLUEBUS_KAFKA_SASL_MECHANISM      | (none)     | scram-sha-512, scram-sha-256 or plain; none: no SASL |
 * | CLUEBUS_KAFKA_SASL_USERNAME       | (none)     | the principal; required with a mechanism             |
 * | CLUEBUS_KAFKA_SASL_PASSWORD       | (none)     | its password, or the file CLUEBUS_KAFKA_SASL_        |
 * |                                   |            | PASSWORD_FILE (a mounted Secret); one is required    |
 *
 * Retention: the event store is the source of truth, Kafka only distributes. A department down
 * for longer than CLUEBUS_KAFKA_RETENTION_MS finds part of its messages gone and is rebuilt from
 * the store; forever (-1) would make every broker disk grow without bound. Parked messages wait
 * for a person to fix and replay them, hence the longer dead-letter retention. docs/adr/0008.
 * Retention is set when a topic is created: existing topics keep theirs (kafka-configs alters it).
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

export interface KafkaSettings {
  partitions: number;
  replicationFactor: number;
  namespace: string;
  sessionTimeoutMs: number;
  /** retention.ms of cluebus.events and cluebus.dept.<code>. */
  retentionMs: number;
  /** retention.ms of cluebus.dlq. */
  deadLetterRetentionMs: number;
}

/** What kafkaSettingsFromEnv also returns: the kafkajs client's TLS and SASL options, if any. */
export interface KafkaEnvSettings extends KafkaSettings {
  client?: Pick<KafkaConfig, 'ssl' | 'sasl'>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_KAFKA_SETTINGS: KafkaSettings = {
  partitions: 3,
  replicationFactor: 1,
  namespace: '',
  sessionTimeoutMs: 10_000,
  retentionMs: 30 * DAY_MS,
  deadLetterRetentionMs: 90 * DAY_MS,
};

export const SASL_MECHANISMS = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;
export type KafkaSaslMechanism = (typeof SASL_MECHANISMS)[number];

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new RangeError(`${name} must be true or false, got "${env[name]}"`);
}

/** The text of the file a setting names, or undefined when unset. */
function fileSetting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const file = env[name];
  if (file === undefined || file === '') return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new RangeError(`${name}: cannot read ${file}: ${(error as Error).message}`);
  }
}

/** A secret from NAME or the file named by NAME_FILE (a mounted Secret), never both. */
function secretSetting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const inline = env[name];
  const file = env[`${name}_FILE`];
  if (inline && file) throw new RangeError(`set ${name} or ${name}_FILE, not both`);
  if (inline) return inline;
  if (!file) return undefined;
  try {
    // A trailing newline is the editor's, not the password's.
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new RangeError(`${name}_FILE: cannot read ${file}: ${(error as Error).message}`);
  }
}

function sslFromEnv(env: NodeJS.ProcessEnv): ConnectionOptions | true | undefined {
  const enabled = bool(env, 'CLUEBUS_KAFKA_SSL');
  if (!enabled) {
    // A CA or certificate given without TLS on is a half-done set-up: refuse rather than talk plaintext.
    const given = ['CLUEBUS_KAFKA_SSL_CA_FILE', 'CLUEBUS_KAFKA_SSL_CERT_FILE', 'CLUEBUS_KAFKA_SSL_KEY_FILE'].filter((n) => env[n]);
    if (given.length > 0) throw new RangeError(`${given.join(', ')} set but CLUEBUS_KAFKA_SSL is not true`);
    return undefined;
  }
  const ca = fileSetting(env, 'CLUEBUS_KAFKA_SSL_CA_FILE');
  const cert = fileSetting(env, 'CLUEBUS_KAFKA_SSL_CERT_FILE');
  const key = fileSetting(env, 'CLUEBUS_KAFKA_SSL_KEY_FILE');
  if (!!cert !== !!key) throw new RangeError('CLUEBUS_KAFKA_SSL_CERT_FILE and CLUEBUS_KAFKA_SSL_KEY_FILE go together: set both or neither');
  if (ca === undefined && cert === undefined) return true; // Node's default CAs; hostname verified
  // rejectUnauthorized stays Node's default (true): there is deliberately no switch to turn it off.
  return { ...(ca !== undefined ? { ca: [ca] } : {}), ...(cert !== undefined ? { cert, key } : {}) };
}

function saslFromEnv(env: NodeJS.ProcessEnv, ssl: boolean): SASLOptions | undefined {
  const raw = env.CLUEBUS_KAFKA_SASL_MECHANISM?.trim().toLowerCase();
  const username = env.CLUEBUS_KAFKA_SASL_USERNAME;
  const password = secretSetting(env, 'CLUEBUS_KAFKA_SASL_PASSWORD');
  if (!raw) {
    if (username || password) throw new RangeError(`CLUEBUS_KAFKA_SASL_USERNAME/_PASSWORD set but CLUEBUS_KAFKA_SASL_MECHANISM is not (one of ${SASL_MECHANISMS.join(', ')})`);
    return undefined;
  }
  if (!(SASL_MECHANISMS as readonly string[]).includes(raw)) {
    throw new RangeError(`CLUEBUS_KAFKA_SASL_MECHANISM must be one of ${SASL_MECHANISMS.join(', ')}, got "${env.CLUEBUS_KAFKA_SASL_MECHANISM}"`);
  }
  const mechanism = raw as KafkaSaslMechanism;
  if (!username) throw new RangeError(`CLUEBUS_KAFKA_SASL_USERNAME is required with CLUEBUS_KAFKA_SASL_MECHANISM=${mechanism}`);
  if (!password) throw new RangeError(`CLUEBUS_KAFKA_SASL_PASSWORD or CLUEBUS_KAFKA_SASL_PASSWORD_FILE is required with CLUEBUS_KAFKA_SASL_MECHANISM=${mechanism}`);
  // PLAIN sends the password itself; SCRAM only proves it, so it may run without TLS.
  if (mechanism === 'plain' && !ssl) throw new RangeError('CLUEBUS_KAFKA_SASL_MECHANISM=plain sends the password in clear: set CLUEBUS_KAFKA_SSL=true');
  return { mechanism, username, password };
}

/** Throws a RangeError naming the variable when a value is invalid. */
export function kafkaSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaEnvSettings {
  const namespace = env.CLUEBUS_KAFKA_NAMESPACE ?? '';
  if (!/^[a-zA-Z0-9._-]*$/.test(namespace)) throw new RangeError(`CLUEBUS_KAFKA_NAMESPACE may only hold a-z A-Z 0-9 . _ -, got "${namespace}"`);
  const ssl = sslFromEnv(env);
  const sasl = saslFromEnv(env, ssl !== undefined);
  return {
    partitions: int(env, 'CLUEBUS_KAFKA_PARTITIONS', DEFAULT_KAFKA_SETTINGS.partitions, 1),
    replicationFactor: int(env, 'CLUEBUS_KAFKA_REPLICATION', DEFAULT_KAFKA_SETTINGS.replicationFactor, 1),
    namespace,
    // Kafka refuses sessions shorter than group.min.session.timeout.ms (6 s by default).
    sessionTimeoutMs: int(env, 'CLUEBUS_KAFKA_SESSION_TIMEOUT_MS', DEFAULT_KAFKA_SETTINGS.sessionTimeoutMs, 6_000),
    retentionMs: int(env, 'CLUEBUS_KAFKA_RETENTION_MS', DEFAULT_KAFKA_SETTINGS.retentionMs, -1),
    deadLetterRetentionMs: int(env, 'CLUEBUS_KAFKA_DLQ_RETENTION_MS', DEFAULT_KAFKA_SETTINGS.deadLetterRetentionMs, -1),
    ...(ssl || sasl ? { client: { ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}) } } : {}),
  };
}

/** For the start-up log: how the bus connects, without secrets. */
export function describeKafkaSecurity(client: KafkaEnvSettings['client']): string {
  const protocol = client?.ssl ? (client.sasl ? 'SASL_SSL' : 'SSL') : client?.sasl ? 'SASL_PLAINTEXT' : 'PLAINTEXT';
  const sasl = client?.sasl as { mechanism: string; username?: string } | undefined;
  return sasl ? `${protocol} ${sasl.mechanism} as ${sasl.username}` : protocol;
}
