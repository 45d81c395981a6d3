import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConfigError } from '@cluebus/service/config';
import { JsonLogger } from '@cluebus/service/json-logger';
import { LedgerModule } from './ledger.module';
import { type LedgerConfig, loadLedgerConfig } from './ledger-config';

// The read side on its own: relay (store → Kafka) and the ledger projection (Kafka → 台账).
async function main(): Promise<void> {
  const logger = new JsonLogger();
  let config: LedgerConfig;
  try {
    config = loadLedgerConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logger.error({ msg: error.message });
    process.exit(2);
  }
  const app = await NestFactory.create(LedgerModule.forRoot(config), { logger, abortOnError: false });
  app.setGlobalPrefix('v1', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('cluebus ledger').setDescription('台账 across departments (read side)').setVersion('1').addBearerAuth().build()));
  await app.listen(config.port, '0.0.0.0');
  logger.log({ msg: `cluebus ledger listening on http://localhost:${config.port} (API /v1/ledger, health /health)`, relay: config.runRelay });
}

void main();
