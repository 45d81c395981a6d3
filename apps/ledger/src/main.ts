import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { CONTAINER_HOST, ConfigError, type HttpSettings, loadHttpSettings } from '@cluebus/service/config';
import { configureHttpEdge, jsonRepresentations, serveConsole } from '@cluebus/service/http';
import { JsonLogger } from '@cluebus/service/json-logger';
import { buildOpenApiDocument } from '@cluebus/service/openapi';
import { LedgerModule } from './ledger.module';
import { type LedgerConfig, loadLedgerConfig } from './ledger-config';

// The read side on its own: relay (store → Kafka) and the ledger projection (Kafka → 台账).
async function main(): Promise<void> {
  const logger = new JsonLogger();
  let config: LedgerConfig;
  let http: HttpSettings;
  try {
    config = loadLedgerConfig();
    // CLUEBUS_HOST (default 0.0.0.0: the ledger runs in containers), CLUEBUS_KEEP_ALIVE_TIMEOUT_MS, CLUEBUS_SHUTDOWN_DRAIN_MS.
    http = loadHttpSettings(process.env, { host: CONTAINER_HOST });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logger.error({ msg: error.message });
    process.exit(2);
  }
  // The ledger only answers GETs: it reads no body at all (a POST is a plain 404), so no parser.
  const app = await NestFactory.create(LedgerModule.forRoot(config), { logger, abortOnError: false, bodyParser: false });
  // The web console at /console (its read pages call this app's /v1/ledger).
  serveConsole(app);
  // The department services' edge (problem-details errors, 406, timeouts, SIGTERM drain), without a body parser.
  configureHttpEdge(app, http, { representations: jsonRepresentations, parseJsonBodies: false });
  app.setGlobalPrefix('v1', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  const document = buildOpenApiDocument(app, {
    title: 'cluebus ledger',
    description: '跨部门台账（读侧）— The ledger across departments (read side)',
    servers: [`http://localhost:${config.port}`],
    tags: [
      { name: 'ledger', description: '各部门台账 — Counts per department instance' },
      { name: 'health', description: '健康检查 — Health' },
    ],
  });
  SwaggerModule.setup('docs', app, document);
  await app.listen(config.port, http.host);
  logger.log({ msg: `cluebus ledger listening on http://localhost:${config.port} (API /v1/ledger, health /health)`, host: http.host, relay: config.runRelay });
}

void main();
