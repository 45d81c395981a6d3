import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { HttpSettings } from '../config/http-settings';
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

/**
 * The edge of a department service: the one JSON body parser (create the app with
 * `bodyParser: false`) and the server timeouts. Before listen(), so the first request gets both.
 */
export function configureHttpEdge(app: INestApplication, settings: HttpSettings): void {
  app.use(jsonBodyParser(settings.bodyLimitBytes));
  applyServerTimeouts(app.getHttpServer(), settings);
}
