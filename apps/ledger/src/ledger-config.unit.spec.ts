import { loadLedgerConfig } from './ledger-config';

describe('loadLedgerConfig', () => {
  it('given only the brokers, when loaded, then the documented defaults apply and the relay runs here', () => {
    expect(loadLedgerConfig({ KAFKA_BROKERS: '127.0.0.1:9092' })).toEqual({
      port: 3100,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      brokers: ['127.0.0.1:9092'],
      runRelay: true,
      leaseTtlMs: 6000,
      relayHealth: { maxLagEvents: 10_000, maxLagSeconds: 60, maxFailures: 10 },
      apiKeys: [],
      hashAlgorithm: 'sha256',
      sealing: 'inline',
    });
  });

  it('given keys and settings, when loaded, then they are parsed', () => {
    const config = loadLedgerConfig({ KAFKA_BROKERS: 'a:1, b:2', PORT: '0', CLUEBUS_RELAY: 'false', CLUEBUS_API_KEYS: 'k1=nhc:341300,k2=ccdi:341300' });
    expect(config).toMatchObject({ port: 0, brokers: ['a:1', 'b:2'], runRelay: false });
    expect(config.apiKeys).toEqual([
      { key: 'k1', instance: 'nhc:341300', role: 'department' },
      { key: 'k2', instance: 'ccdi:341300', role: 'department' },
    ]);
  });

  it('given a missing or invalid setting, when loaded, then the error names it', () => {
    expect(() => loadLedgerConfig({})).toThrow(/KAFKA_BROKERS/);
    expect(() => loadLedgerConfig({ KAFKA_BROKERS: 'a:1', CLUEBUS_RELAY: 'yes' })).toThrow(/CLUEBUS_RELAY/);
    expect(() => loadLedgerConfig({ KAFKA_BROKERS: 'a:1', CLUEBUS_BUS: 'in-process' })).toThrow(/CLUEBUS_BUS/);
    expect(() => loadLedgerConfig({ KAFKA_BROKERS: 'a:1', CLUEBUS_SEALING: 'lazy' })).toThrow(/CLUEBUS_SEALING/);
    expect(() => loadLedgerConfig({ KAFKA_BROKERS: 'a:1', CLUEBUS_API_KEYS: 'k=samr' })).toThrow(/CLUEBUS_API_KEYS/);
    expect(() => loadLedgerConfig({ KAFKA_BROKERS: 'a:1', CLUEBUS_API_KEYS: 'dev-nhc=nhc:341300' })).toThrow(/demo API keys .* refused by the ledger/);
    expect(() => loadLedgerConfig({ KAFKA_BROKERS: 'a:1', CLUEBUS_API_KEYS: 'k1=nhc:341300,k2=investigator' })).toThrow(/CLUEBUS_API_KEYS entry 2 of 2 .*must be key=code:region$/);
    expect(() => loadLedgerConfig({ KAFKA_BROKERS: 'a:1', PORT: '-1' })).toThrow(/PORT/);
    expect(() => loadLedgerConfig({ KAFKA_BROKERS: 'a:1', CLUEBUS_HASH: 'md5' })).toThrow(/CLUEBUS_HASH/);
  });
});
