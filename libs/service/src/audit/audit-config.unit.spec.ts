import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { exportSigningKeyPair, generateSigningKeyPair } from '@cluebus/audit';
import { ConfigError, loadCluebusConfig } from '../config/cluebus-config';

const DEPARTMENT = { CLUEBUS_MODE: 'department', CLUEBUS_DEPARTMENTS: 'nhc', CLUEBUS_ID_TOKEN_KEY: 'a-test-id-token-key-of-some-length', CLUEBUS_VAULT_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'), CLUEBUS_BUS: 'in-process' };
const pems = () => exportSigningKeyPair(generateSigningKeyPair());

describe('audit configuration', () => {
  it('given standalone defaults, when loaded, then checkpoints every 1000 events or 10 s here, with a generated key kept in the database (in memory) or beside the data dir', () => {
    expect(loadCluebusConfig({ CLUEBUS_DATA_DIR: 'memory' }).audit).toEqual({
      checkpointer: true,
      checkpointEvery: 1000,
      checkpointSeconds: 10,
      generatedKeyStore: { kind: 'database' },
      trustedKeysPem: [],
    });
    const onDisk = loadCluebusConfig({ CLUEBUS_DATA_DIR: '/var/lib/cluebus/data' }).audit;
    expect(onDisk.generatedKeyStore).toEqual({ kind: 'file', path: '/var/lib/cluebus/data.signing-key.pem' });
  });

  it('given department mode, when the relay runs here without a signing key, then start is refused naming the settings', () => {
    expect(() => loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_RELAY: 'true' })).toThrow(ConfigError);
    expect(() => loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_RELAY: 'true' })).toThrow(/CLUEBUS_SIGNING_KEY.*CLUEBUS_CHECKPOINTER=false/);
    expect(() => loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_CHECKPOINTER: 'true' })).toThrow(/CLUEBUS_SIGNING_KEY/);
  });

  it('given department mode, when this process does not checkpoint, then no key is needed and none is generated', () => {
    const audit = loadCluebusConfig(DEPARTMENT).audit;
    expect(audit).toMatchObject({ checkpointer: false, trustedKeysPem: [] });
    expect(audit.signingKeyPem).toBeUndefined();
    expect(audit.generatedKeyStore).toBeUndefined();
    expect(loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_RELAY: 'true', CLUEBUS_CHECKPOINTER: 'false' }).audit.checkpointer).toBe(false);
  });

  it('given a signing key inline (also with \\n escapes) or in a file, when loaded, then it is used; both at once is refused', () => {
    const { privateKeyPem } = pems();
    expect(loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_RELAY: 'true', CLUEBUS_SIGNING_KEY: privateKeyPem }).audit.signingKeyPem).toBe(privateKeyPem);
    const oneLine = privateKeyPem.trim().replace(/\n/g, '\\n');
    expect(loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_RELAY: 'true', CLUEBUS_SIGNING_KEY: oneLine }).audit.signingKeyPem).toBe(privateKeyPem.trim());
    const file = join(mkdtempSync(join(tmpdir(), 'cluebus-key-')), 'signing.pem');
    writeFileSync(file, privateKeyPem);
    expect(loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_RELAY: 'true', CLUEBUS_SIGNING_KEY_FILE: file }).audit.signingKeyPem).toBe(privateKeyPem);
    expect(() => loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_SIGNING_KEY: privateKeyPem, CLUEBUS_SIGNING_KEY_FILE: file })).toThrow(/not both/);
    expect(() => loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_SIGNING_KEY_FILE: `${file}.missing` })).toThrow(/cannot read/);
  });

  it('given a key that is not Ed25519 or not a key at all, when loaded, then start is refused', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_SIGNING_KEY: rsa })).toThrow(/Ed25519/);
    expect(() => loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_SIGNING_KEY: 'not a key' })).toThrow(ConfigError);
    expect(() => loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_TRUSTED_KEYS: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' })).toThrow(/CLUEBUS_TRUSTED_KEYS/);
  });

  it('given several trusted public keys in one setting, when loaded, then each is kept', () => {
    const keys = [pems().publicKeyPem, pems().publicKeyPem];
    expect(loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_TRUSTED_KEYS: keys.join('') }).audit.trustedKeysPem).toEqual(keys.map((k) => k.trim()));
  });

  it('given checkpoint policy settings, when loaded, then they are validated', () => {
    expect(loadCluebusConfig({ CLUEBUS_CHECKPOINT_EVERY: '50', CLUEBUS_CHECKPOINT_SECONDS: '0' }).audit).toMatchObject({ checkpointEvery: 50, checkpointSeconds: 0 });
    expect(() => loadCluebusConfig({ CLUEBUS_CHECKPOINT_EVERY: '0' })).toThrow(/CLUEBUS_CHECKPOINT_EVERY/);
    expect(() => loadCluebusConfig({ CLUEBUS_CHECKPOINT_SECONDS: '-1' })).toThrow(/CLUEBUS_CHECKPOINT_SECONDS/);
    expect(() => loadCluebusConfig({ CLUEBUS_CHECKPOINTER: 'yes' })).toThrow(/CLUEBUS_CHECKPOINTER/);
  });

  it('given API keys, when one is key=investigator, then it is an investigator key; dev-investigator exists in standalone only', () => {
    expect(loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_API_KEYS: 'k1=nhc:341300,k2=investigator' }).apiKeys).toEqual([
      { key: 'k1', instance: 'nhc:341300', role: 'department' },
      { key: 'k2', instance: 'investigator', role: 'investigator' },
    ]);
    expect(loadCluebusConfig({}).apiKeys).toContainEqual({ key: 'dev-investigator', instance: 'investigator', role: 'investigator' });
    expect(loadCluebusConfig(DEPARTMENT).apiKeys).toEqual([]);
    expect(() => loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_API_KEYS: 'dev-investigator=investigator' })).toThrow(/demo API keys/);
    expect(() => loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_API_KEYS: 'k=reader' })).toThrow(/key=investigator or key=auditor/);
  });

  it('given API keys, when one is key=auditor, then it is an auditor key; dev-auditor exists in standalone only', () => {
    expect(loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_API_KEYS: 'k3=auditor' }).apiKeys).toEqual([{ key: 'k3', instance: 'auditor', role: 'auditor' }]);
    expect(loadCluebusConfig({}).apiKeys).toContainEqual({ key: 'dev-auditor', instance: 'auditor', role: 'auditor' });
    expect(() => loadCluebusConfig({ ...DEPARTMENT, CLUEBUS_API_KEYS: 'dev-auditor=auditor' })).toThrow(/demo API keys/);
  });
});
