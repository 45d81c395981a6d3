import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadCluebusConfig } from './cluebus-config';

const department = {
  CLUEBUS_MODE: 'department',
  CLUEBUS_DEPARTMENTS: 'samr',
  KAFKA_BROKERS: '127.0.0.1:9092',
  CLUEBUS_ID_TOKEN_KEY: 'a-real-secret-of-enough-length',
  CLUEBUS_VAULT_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
  CLUEBUS_API_KEYS: 'k1=samr:341300',
};

describe('configuration', () => {
  it('given no environment, when loaded, then standalone runs all six departments on PGlite with the demo keys', () => {
    const c = loadCluebusConfig({});
    expect(c).toMatchObject({ mode: 'standalone', port: 3000, store: { kind: 'pglite', poolMax: 10 }, bus: { kind: 'in-process' }, runRelay: true });
    expect(c.departments).toEqual(['nhc', 'nhsa', 'mps', 'sta', 'samr', 'ccdi']);
    expect(c.apiKeys.map((k) => k.key)).toContain('dev-samr');
  });

  it('given a department process, when loaded, then it uses PostgreSQL and Kafka and only its keys', () => {
    const c = loadCluebusConfig(department);
    expect(c).toMatchObject({ mode: 'department', departments: ['samr'], store: { kind: 'postgres' }, bus: { kind: 'kafka', brokers: ['127.0.0.1:9092'] }, runRelay: false });
    expect(c.apiKeys).toEqual([{ key: 'k1', instance: 'samr:341300', role: 'department' }]);
  });

  it('given an investigator key beside its own department key, when loaded, then both are accepted with their roles', () => {
    expect(loadCluebusConfig({ ...department, CLUEBUS_API_KEYS: 'k1=samr:341300,k2=investigator' }).apiKeys).toEqual([
      { key: 'k1', instance: 'samr:341300', role: 'department' },
      { key: 'k2', instance: 'investigator', role: 'investigator' },
    ]);
  });

  it('given standalone with configured keys, when loaded, then they come before the demo keys', () => {
    const keys = loadCluebusConfig({ CLUEBUS_API_KEYS: 'k1=nhc:341300' }).apiKeys;
    expect(keys[0]).toEqual({ key: 'k1', instance: 'nhc:341300', role: 'department' });
    expect(keys.map((k) => k.key)).toContain('dev-investigator');
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['a demo key outside standalone', { CLUEBUS_API_KEYS: 'dev-samr=samr:341300' }, /demo API keys/],
    ['a malformed key entry', { CLUEBUS_API_KEYS: 'k1=samr:341300,k2=samr' }, /CLUEBUS_API_KEYS entry 2 of 2 .*must be key=code:region or key=investigator/],
    ['an empty mode', { CLUEBUS_MODE: '' }, /CLUEBUS_MODE must be standalone or department, got ""/],
    ["another department's key", { CLUEBUS_API_KEYS: 'k1=samr:341300,k2=sta:341300' }, /sta:341300.*does not host/],
    ['no ID token key', { CLUEBUS_ID_TOKEN_KEY: '' }, /CLUEBUS_ID_TOKEN_KEY/],
    ['no vault master key', { CLUEBUS_VAULT_MASTER_KEY: '' }, /CLUEBUS_VAULT_MASTER_KEY .*required/],
    ['a vault master key of 16 bytes', { CLUEBUS_VAULT_MASTER_KEY: Buffer.alloc(16, 1).toString('base64') }, /CLUEBUS_VAULT_MASTER_KEY must be 32 bytes in base64/],
    ['a vault master key that is not base64', { CLUEBUS_VAULT_MASTER_KEY: '!'.repeat(44) }, /CLUEBUS_VAULT_MASTER_KEY must be 32 bytes/],
    ['no Kafka brokers', { KAFKA_BROKERS: '' }, /KAFKA_BROKERS/],
    ['an unknown department', { CLUEBUS_DEPARTMENTS: 'police' }, /unknown department code "police"/],
    ['a bad pool size', { CLUEBUS_PG_POOL_MAX: 'many' }, /CLUEBUS_PG_POOL_MAX/],
    ['a bad port', { PORT: '-1' }, /PORT/],
  ])('given %s, when loaded, then it refuses to start naming the setting', (_what, change, message) => {
    expect(() => loadCluebusConfig({ ...department, ...change })).toThrow(ConfigError);
    expect(() => loadCluebusConfig({ ...department, ...change })).toThrow(message);
  });

  it('given the checkpointing process without a signing key, when loaded, then it refuses; with one, it starts', () => {
    expect(() => loadCluebusConfig({ ...department, CLUEBUS_CHECKPOINTER: 'true' })).toThrow(/CLUEBUS_SIGNING_KEY/);
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(loadCluebusConfig({ ...department, CLUEBUS_CHECKPOINTER: 'true', CLUEBUS_SIGNING_KEY: pem }).mode).toBe('department');
  });

  it('given the vault master key, when loaded, then it is the 32 bytes; standalone without one keeps a generated key beside its PGlite data, or in memory', () => {
    expect(loadCluebusConfig(department).vault.masterKey).toEqual(Buffer.alloc(32, 7));
    expect(loadCluebusConfig({ CLUEBUS_DATA_DIR: '/var/lib/cluebus/data' }).vault).toEqual({ generatedKeyFile: '/var/lib/cluebus/data.vault-master.key' });
    expect(loadCluebusConfig({ CLUEBUS_DATA_DIR: 'memory' }).vault).toEqual({});
  });
});
