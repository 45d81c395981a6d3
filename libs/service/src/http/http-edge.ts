import type { Server } from 'node:http';
import { type INestApplication, Logger } from '@nestjs/common';
import type { HttpSettings } from '../config/http-settings';
import { notAcceptableRefusal, type Representations } from './content-negotiation';
import { ApiErrorFilter } from './error.filter';
import { enableGracefulShutdown, InFlightRequests } from './http-shutdown';
import { jsonBodyParser } from './request-body';

/**
 * Keep-alive and header timeouts of the HTTP server. Node closes an idle connection after 5 s
 * by default, sooner than load balancers and client pools (60 s) expect: a request sent on a
 * connection the server is just closing fails with ECONNRESET. So the server waits longer than
 * they do, and the header timeout is slightly longer still (an idle connection must be closed by
 * the keep-alive timer, not by the header timer).
 */
export function applyServerTimeouts(server: Server, settings: Pick<HttpSettings, 'keepAliveTimeoutMs' | 'headersTimeoutMs'>): void {
  server.keepAliveTimeout = settings.keepAliveTimeoutMs;
  server.headersTimeout = settings.headersTimeoutMs;
  // Node requires headersTimeout ≤ requestTimeout (300 s) when both are on.
  if (server.requestTimeout > 0 && server.requestTimeout < server.headersTimeout) server.requestTimeout = server.headersTimeout;
}

export interface HttpEdgeOptions {
  /** What each route can answer (406 otherwise). */
  representations: Representations;
  /** Read JSON bodies (the department service); the ledger reads none, so a body there is ignored. */
  parseJsonBodies: boolean;
}

/**
 * The edge of every cluebus HTTP process (department services, standalone, the ledger): request
 * tracking for a draining shutdown, the 406 check, the one JSON body parser (create the app with
 * `bodyParser: false`), problem-details errors, the server timeouts and the SIGTERM drain.
 * Before listen(), so the first request gets all of it.
 */
export function configureHttpEdge(app: INestApplication, settings: HttpSettings, options: HttpEdgeOptions): void {
  // No ETags: Express hashes every body it sends for one (SHA-1: ~10 ms for an 11 MB case timeline here), and
  // nothing here is meant to be answered 304 — reads are per principal, each is logged, and a
  // client revalidating would save only the bytes, never the read. Static console files keep theirs.
  (app.getHttpAdapter().getInstance() as { set(setting: string, value: unknown): void }).set('etag', false);
  const inFlight = new InFlightRequests();
  app.use(inFlight.middleware);
  app.use(notAcceptableRefusal(options.representations));
  if (options.parseJsonBodies) app.use(jsonBodyParser(settings.bodyLimitBytes));
  app.useGlobalFilters(new ApiErrorFilter());
  applyServerTimeouts(app.getHttpServer(), settings);
  const logger = new Logger('HttpEdge');
  enableGracefulShutdown(app, inFlight, settings.drainTimeoutMs, (entry) => logger.log(entry));
}
