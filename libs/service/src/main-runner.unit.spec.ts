import { Logger } from '@nestjs/common';
import { createCluebusApp } from './bootstrap';
import { runCluebusService } from './main-runner';

// The app itself is not what is under test here: only the address the runner binds.
jest.mock('./bootstrap', () => ({ createCluebusApp: jest.fn() }));

describe('runCluebusService', () => {
  const listen = jest.fn().mockResolvedValue(undefined);
  const saved = { ...process.env };

  beforeEach(() => {
    listen.mockClear();
    (createCluebusApp as jest.Mock).mockResolvedValue({ listen });
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    // The machine's own settings must not decide the outcome.
    for (const name of Object.keys(process.env)) if (/^(CLUEBUS_|KAFKA_|DATABASE_URL$|PORT$)/.test(name)) delete process.env[name];
    process.env.CLUEBUS_DATA_DIR = 'memory';
  });

  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  it('given standalone (npm start) and no CLUEBUS_HOST, when started, then it binds 127.0.0.1 only: the demo keys stay on this machine', async () => {
    await runCluebusService({ CLUEBUS_MODE: 'standalone' });
    expect(listen).toHaveBeenCalledWith(3000, '127.0.0.1');
  });

  it('given standalone with CLUEBUS_HOST=0.0.0.0, when started, then it binds every interface as told', async () => {
    process.env.CLUEBUS_HOST = '0.0.0.0';
    await runCluebusService({ CLUEBUS_MODE: 'standalone' });
    expect(listen).toHaveBeenCalledWith(3000, '0.0.0.0');
  });

  it('given a department service, when started, then it binds 0.0.0.0 (reached through its container port)', async () => {
    Object.assign(process.env, { CLUEBUS_ID_TOKEN_KEY: 'a-real-secret-of-enough-length', CLUEBUS_VAULT_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'), CLUEBUS_API_KEYS: 'k1=samr:341300', KAFKA_BROKERS: '127.0.0.1:9092', PORT: '3105' });
    await runCluebusService({ CLUEBUS_MODE: 'department', CLUEBUS_DEPARTMENTS: 'samr' });
    expect(listen).toHaveBeenCalledWith(3105, '0.0.0.0');
  });
});
