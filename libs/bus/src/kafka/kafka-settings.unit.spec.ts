import { kafkaSettingsFromEnv } from './kafka-settings';

describe('kafkaSettingsFromEnv', () => {
  it('given an empty environment, when read, then the documented defaults apply', () => {
    expect(kafkaSettingsFromEnv({})).toEqual({ partitions: 3, replicationFactor: 1, namespace: '', sessionTimeoutMs: 10_000, retentionMs: -1 });
  });

  it('given values, when read, then they are used', () => {
    expect(kafkaSettingsFromEnv({ CLUEBUS_KAFKA_PARTITIONS: '6', CLUEBUS_KAFKA_REPLICATION: '3', CLUEBUS_KAFKA_NAMESPACE: 'prod', CLUEBUS_KAFKA_SESSION_TIMEOUT_MS: '30000', CLUEBUS_KAFKA_RETENTION_MS: '604800000' })).toEqual({
      partitions: 6,
      replicationFactor: 3,
      namespace: 'prod',
      sessionTimeoutMs: 30_000,
      retentionMs: 604_800_000,
    });
  });

  it('given invalid values, when read, then the error names the variable', () => {
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_PARTITIONS: '0' })).toThrow(/CLUEBUS_KAFKA_PARTITIONS/);
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_REPLICATION: 'two' })).toThrow(/CLUEBUS_KAFKA_REPLICATION/);
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_SESSION_TIMEOUT_MS: '1000' })).toThrow(/CLUEBUS_KAFKA_SESSION_TIMEOUT_MS/);
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_NAMESPACE: 'a/b' })).toThrow(/CLUEBUS_KAFKA_NAMESPACE/);
    expect(() => kafkaSettingsFromEnv({ CLUEBUS_KAFKA_RETENTION_MS: '-2' })).toThrow(/CLUEBUS_KAFKA_RETENTION_MS/);
  });
});
