import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeKafkaSecurity, kafkaSettingsFromEnv } from './kafka-settings';

const DAY = 86_400_000;

describe('kafkaSettingsFromEnv', () => {
  let dir: string;
  let ca: string;
  let cert: string;
  let key: string;
  let passwordFile: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cluebus-kafka-settings-'));
    const write = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    ca = write('ca.pem', '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n');
    cert = write('client.pem', '-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n');
    key = write('client.key', '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n');
    passwordFile = write('password', 's3cret from a file\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given an empty environment, when read, then the documented defaults apply: 30 days, 90 for the dead letters, plaintext', () => {
    expect(kafkaSettingsFromEnv({})).toEqual({ partitions: 3, replicationFactor: 1, namespace: '', sessionTimeoutMs: 10_000, retentionMs: 30 * DAY, deadLetterRetentionMs: 90 * DAY });
    expect(kafkaSettingsFromEnv({}).client).toBeUndefined();
  });

  it('given values, when read, then they are used', () => {
    expect(
      kafkaSettingsFromEnv({
        CLUEBUS_KAFKA_PARTITIONS: '6',
        CLUEBUS_KAFKA_REPLICATION: '3',
        CLUEBUS_KAFKA_NAMESPACE: 'prod',
        CLUEBUS_KAFKA_SESSION_TIMEOUT_MS: '30000',
        CLUEBUS_KAFKA_RETENTION_MS: '604800000',
        CLUEBUS_KAFKA_DLQ_RETENTION_MS: '-1',
      }),
    ).toEqual({ partitions: 6, replicationFactor: 3, namespace: 'prod', sessionTimeoutMs: 30_000, retentionMs: 604_800_000, deadLetterRetentionMs: -1 });
  });

  it('given TLS with a CA and a client certificate and SCRAM, when read, then kafkajs gets ssl and sasl options with the files read', () => {
    const settings = kafkaSettingsFromEnv({
      CLUEBUS_KAFKA_SSL: 'true',
      CLUEBUS_KAFKA_SSL_CA_FILE: ca,
      CLUEBUS_KAFKA_SSL_CERT_FILE: cert,
      CLUEBUS_KAFKA_SSL_KEY_FILE: key,
      CLUEBUS_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      CLUEBUS_KAFKA_SASL_USERNAME: 'samr',
      CLUEBUS_KAFKA_SASL_PASSWORD: 'pw',
    });
    expect(settings.client).toEqual({
      ssl: { ca: [expect.stringContaining('CA')], cert: expect.stringContaining('CLIENT'), key: expect.stringContaining('KEY') },
      sasl: { mechanism: 'scram-sha-512', username: 'samr', password: 'pw' },
    });
    expect(describeKafkaSecurity(settings.client)).toBe('SASL_SSL scram-sha-512 as samr');
  });

  it('given TLS alone, or SCRAM alone, when read, then Node verifies against its default CAs, or SCRAM runs without TLS', () => {
    expect(kafkaSettingsFromEnv({ CLUEBUS_KAFKA_SSL: 'true' }).client).toEqual({ ssl: true });
    expect(kafkaSettingsFromEnv({ CLUEBUS_KAFKA_SSL: 'false' }).client).toBeUndefined();
    const scram = kafkaSettingsFromEnv({ CLUEBUS_KAFKA_SASL_MECHANISM: 'scram-sha-256', CLUEBUS_KAFKA_SASL_USERNAME: 'u', CLUEBUS_KAFKA_SASL_PASSWORD_FILE: passwordFile });
    expect(scram.client).toEqual({ sasl: { mechanism: 'scram-sha-256', username: 'u', password: 's3cret from a file' } });
    expect(describeKafkaSecurity(scram.client)).toBe('SASL_PLAINTEXT scram-sha-256 as u');
    expect(describeKafkaSecurity(undefined)).toBe('PLAINTEXT');
  });

  it('given invalid values, when read, then the error names the variable', () => {
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_PARTITIONS: '0' })).toThrow(/CLUEBUS_KAFKA_PARTITIONS/);
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_REPLICATION: 'two' })).toThrow(/CLUEBUS_KAFKA_REPLICATION/);
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_SESSION_TIMEOUT_MS: '1000' })).toThrow(/CLUEBUS_KAFKA_SESSION_TIMEOUT_MS/);
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_NAMESPACE: 'a/b' })).toThrow(/CLUEBUS_KAFKA_NAMESPACE/);
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_RETENTION_MS: '-2' })).toThrow(/CLUEBUS_KAFKA_RETENTION_MS/);
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_DLQ_RETENTION_MS: '90d' })).toThrow(/CLUEBUS_KAFKA_DLQ_RETENTION_MS/);
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_SSL: 'yes' })).toThrow(/CLUEBUS_KAFKA_SSL must be true or false/);
  });

  it('given half-done security settings, when read, then each is refused with the variables to fix (never a silent fall-back to plaintext)', () => {
    const sasl = { CLUEBUS_KAFKA_SASL_MECHANISM: 'scram-sha-512', CLUEBUS_KAFKA_SASL_USERNAME: 'samr', CLUEBUS_KAFKA_SASL_PASSWORD: 'pw' };
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_SSL_CA_FILE: ca })).toThrow(/CLUEBUS_KAFKA_SSL_CA_FILE set but CLUEBUS_KAFKA_SSL is not true/);
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_SSL: 'true', CLUEBUS_KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') })).toThrow(/CLUEBUS_KAFKA_SSL_CA_FILE: cannot read/);
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_SSL: 'true', CLUEBUS_KAFKA_SSL_CERT_FILE: cert })).toThrow(/CLUEBUS_KAFKA_SSL_CERT_FILE and CLUEBUS_KAFKA_SSL_KEY_FILE/);
    expect(() => kafkaSettingsFromEnv({ ...sasl, CLUEBUS_KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(/CLUEBUS_KAFKA_SASL_MECHANISM must be one of scram-sha-512, scram-sha-256, plain/);
    expect(() => kafkaSettingsFromEnv({ ...sasl, CLUEBUS_KAFKA_SASL_USERNAME: '' })).toThrow(/CLUEBUS_KAFKA_SASL_USERNAME is required/);
    expect(() => kafkaSettingsFromEnv({ ...sasl, CLUEBUS_KAFKA_SASL_PASSWORD: undefined })).toThrow(/CLUEBUS_KAFKA_SASL_PASSWORD or CLUEBUS_KAFKA_SASL_PASSWORD_FILE is required/);
    expect(() => kafkaSettingsFromEnv({ ...sasl, CLUEBUS_KAFKA_SASL_PASSWORD_FILE: passwordFile })).toThrow(/set CLUEBUS_KAFKA_SASL_PASSWORD or CLUEBUS_KAFKA_SASL_PASSWORD_FILE, not both/);
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_SASL_MECHANISM: 'scram-sha-512', CLUEBUS_KAFKA_SASL_USERNAME: 'u', CLUEBUS_KAFKA_SASL_PASSWORD_FILE: join(dir, 'nope') })).toThrow(/CLUEBUS_KAFKA_SASL_PASSWORD_FILE: cannot read/);
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_SASL_USERNAME: 'samr' })).toThrow(/CLUEBUS_KAFKA_SASL_MECHANISM is not/);
    expect(() => kafkaSettingsFromEnv({ ...sasl, CLUEBUS_KAFKA_SASL_MECHANISM: 'plain' })).toThrow(/plain sends the password in clear: set CLUEBUS_KAFKA_SSL=true/);
    expect(kafkaSettingsFromEnv({ ...sasl, CLUEBUS_KAFKA_SASL_MECHANISM: 'plain', CLUEBUS_KAFKA_SSL: 'true' }).client?.sasl).toEqual({ mechanism: 'plain', username: 'samr', password: 'pw' });
  });
});
