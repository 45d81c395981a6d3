import { Logger } from '@nestjs/common';
import { createCluebusApp } from './bootstrap';
import { ConfigError, loadCluebusConfig } from './config/cluebus-config';
import { JsonLogger } from './json-logger';

/**
 * Entry point shared by apps/standalone and apps/<dept>: `defaults` fill in what the app
 * implies (its mode, its department); the environment overrides everything else.
 */
export async function runCluebusService(defaults: NodeJS.ProcessEnv): Promise<void> {
  const logger = new JsonLogger();
  let config;
  try {
    config = loadCluebusConfig({ ...defaults, ...process.env, ...(defaults.CLUEBUS_DEPARTMENTS ? { CLUEBUS_DEPARTMENTS: defaults.CLUEBUS_DEPARTMENTS } : {}) });
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.error({ msg: error.message });
      process.exit(2);
    }
    throw error;
  }
  const app = await createCluebusApp(config, logger);
  // 127.0.0.1 in standalone (it accepts the demo keys), 0.0.0.0 in department mode (containers): CLUEBUS_HOST.
  await app.listen(config.port, config.http.host);
  const log = new Logger('cluebus');
  log.log({
    msg: `cluebus ${config.mode} listening on http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${config.port} (API /v1, console /console, OpenAPI /docs, health /health)`,
    host: config.http.host,
    departments: config.departments,
    store: config.store.kind === 'pglite' ? `pglite ${config.store.dataDir ?? '(memory)'}` : 'postgres',
    bus: config.bus.kind,
  });
  if (config.mode === 'standalone') {
    log.warn({
      msg: 'standalone demo API keys are active (refused in any other mode)',
      keys: config.apiKeys.filter((k) => k.key.startsWith('dev-')).map((k) => `${k.key} → ${k.instance}`),
    });
  }
}
