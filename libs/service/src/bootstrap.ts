import type { INestApplication, LoggerService } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { CluebusModule } from './cluebus.module';
import type { CluebusOverrides } from './clues/overdue/clock';
import type { CluebusConfig } from './config/cluebus-config';
import { serveConsole } from './http/console-static';
import { configureHttpEdge } from './http/http-edge';
import { serviceRepresentations } from './http/service-representations';
import { cluebusValidationPipe } from './http/validation.pipe';
import { cluebusDocument } from './openapi/cluebus-document';

/** Builds the Nest application for a config: `/v1` API, `/health`, OpenAPI at `/docs`, the web console at `/console`; body limit, timeouts and the SIGTERM drain from `config.http` (http-edge.ts). */
export async function createCluebusApp(
  config: CluebusConfig,
  logger: LoggerService | false = false,
  /** Tests only (test/support/standalone-app.ts: a fake Clock); the apps never pass it. */
  overrides: CluebusOverrides = {},
): Promise<INestApplication> {
  // Nest's default parsers (json at 100kb, urlencoded) are off: the edge installs the one parser the API speaks.
  const app = await NestFactory.create(CluebusModule.forRoot(config, overrides), { logger, abortOnError: false, bodyParser: false });
  // The web console (apps/console) at /console, same origin as the API it calls.
  serveConsole(app);
  configureHttpEdge(app, config.http, { representations: serviceRepresentations, parseJsonBodies: true });
  app.setGlobalPrefix('v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(cluebusValidationPipe());
  // The contract (ADR 0012): the same document `npm run openapi` commits as openapi/cluebus.v1.json.
  const document = cluebusDocument(app, config.openapiServers);
  SwaggerModule.setup('docs', app, document);
  return app;
}
