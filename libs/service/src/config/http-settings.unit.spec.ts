import { ConfigError } from './config-error';
import { loadCluebusConfig } from './cluebus-config';
import { byteSizeSetting, loadHttpSettings } from './http-settings';

const department = {
  CLUEBUS_MODE: 'department',
  CLUEBUS_DEPARTMENTS: 'samr',
  KAFKA_BROKERS: '127.0.0.1:9092',
  CLUEBUS_ID_TOKEN_KEY: 'a-real-secret-of-enough-length',
  CLUEBUS_VAULT_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
  CLUEBUS_API_KEYS: 'k1=samr:341300',
};

describe('HTTP settings', () => {
  it('given no environment, when standalone loads, then it binds 127.0.0.1 with a 1mb body limit and 65 s keep-alive', () => {
    expect(loadCluebusConfig({}).http).toEqual({ host: '127.0.0.1', bodyLimitBytes: 1024 * 1024, keepAliveTimeoutMs: 65_000, headersTimeoutMs: 66_000, drainTimeoutMs: 10_000 });
  });

  it('given department mode, when loaded, then it binds every interface (containers are reached through a published port)', () => {
    expect(loadCluebusConfig(department).http.host).toBe('0.0.0.0');
  });

  it('given the settings, when loaded, then they override the defaults and the header timeout follows keep-alive', () => {
    const http = loadHttpSettings({ CLUEBUS_HOST: '0.0.0.0', CLUEBUS_BODY_LIMIT: '256kb', CLUEBUS_KEEP_ALIVE_TIMEOUT_MS: '620000', CLUEBUS_SHUTDOWN_DRAIN_MS: '3000' }, { host: '127.0.0.1' });
    expect(http).toEqual({ host: '0.0.0.0', bodyLimitBytes: 256 * 1024, keepAliveTimeoutMs: 620_000, headersTimeoutMs: 621_000, drainTimeoutMs: 3000 });
    expect(loadHttpSettings({ CLUEBUS_HOST: '::1' }, { host: '0.0.0.0' }).host).toBe('::1');
    expect(loadHttpSettings({ CLUEBUS_HOST: 'cluebus-samr.internal' }, { host: '0.0.0.0' }).host).toBe('cluebus-samr.internal');
    expect(loadHttpSettings({ CLUEBUS_HOST: '' }, { host: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it.each<[string, string, number]>([
    ['bytes', '65536', 65536],
    ['a unit', '2MB', 2 * 1024 * 1024],
    ['spaces', ' 512 kb ', 512 * 1024],
    ['an explicit b', '100b', 100],
    ['empty (the default)', '', 1024 * 1024],
  ])('given a body limit in %s, when read, then it is in bytes', (_what, raw, bytes) => {
    expect(byteSizeSetting({ L: raw }, 'L', '1mb')).toBe(bytes);
  });

  it.each<[string, NodeJS.ProcessEnv, RegExp]>([
    ['a size without a number', { CLUEBUS_BODY_LIMIT: 'mb' }, /CLUEBUS_BODY_LIMIT must be a size .* got "mb"/],
    ['a unit we do not read', { CLUEBUS_BODY_LIMIT: '1gb' }, /CLUEBUS_BODY_LIMIT/],
    ['a zero limit', { CLUEBUS_BODY_LIMIT: '0' }, /CLUEBUS_BODY_LIMIT must be a size of at least 1 bytes/],
    ['a fraction', { CLUEBUS_BODY_LIMIT: '1.5mb' }, /CLUEBUS_BODY_LIMIT/],
    ['a keep-alive under a second', { CLUEBUS_KEEP_ALIVE_TIMEOUT_MS: '500' }, /CLUEBUS_KEEP_ALIVE_TIMEOUT_MS must be an integer ≥ 1000/],
    ['a host with a port', { CLUEBUS_HOST: '0.0.0.0:3000' }, /CLUEBUS_HOST must be an IP address or host name/],
    ['a host with spaces', { CLUEBUS_HOST: 'local host' }, /CLUEBUS_HOST/],
  ])('given %s, when loaded, then ConfigError names the setting', (_what, env, message) => {
    expect(() => loadHttpSettings(env, { host: '127.0.0.1' })).toThrow(ConfigError);
    expect(() => loadHttpSettings(env, { host: '127.0.0.1' })).toThrow(message);
  });
});
