import type { INestApplication, LoggerService } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { CluebusModule } from './cluebus.module';
import type { CluebusConfig } from './config/cluebus-config';
import { ApiErrorFilter } from './http/error.filter';
import { cluebusValidationPipe } from './http/validation.pipe';

/** Builds the Nest application for a config: `/v1` API, `/health`, OpenAPI at `/docs`. */
export async function createCluebusApp(config: CluebusConfig, logger: LoggerService | false = false): Promise<INestApplication> {
  const app = await NestFactory.create(CluebusModule.forRoot(config), { logger, abortOnError: false });
  app.setGlobalPrefix('v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(cluebusValidationPipe());
  app.useGlobalFilters(new ApiErrorFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('cluebus')
      .setDescription('线索移交 — inter-departmental clue transfer. Every change is an immutable event.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
}
