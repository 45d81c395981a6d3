import type { Server, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { RequestHandler } from 'express';

/**
 * The requests a server is answering, so a shutdown can wait for them. While draining, every
 * answer says `Connection: close`: a keep-alive connection would otherwise stay open (and
 * server.close() wait) until its 65 s idle timeout, and a client would send its next request
 * on a socket about to be cut.
 */
export class InFlightRequests {
  private readonly open = new Set<ServerResponse>();
  private draining = false;

  readonly middleware: RequestHandler = (_req, res, next) => {
    this.open.add(res);
    res.once('close', () => this.open.delete(res));
    if (this.draining) res.setHeader('Connection', 'close');
    next();
  };

  get count(): number {
    return this.open.size;
  }

  /**
   * Stops accepting connections and waits until the requests in flight are answered (polling,
   * closing connections as they fall idle), for at most `timeoutMs`; then cuts what is left.
   * Resolves with the number of requests that were cut.
   */
  async drain(server: Server, timeoutMs: number): Promise<number> {
    this.draining = true;
    for (const res of this.open) if (!res.headersSent) res.setHeader('Connection', 'close');
    server.close();
    const deadline = Date.now() + timeoutMs;
    while (this.open.size > 0 && Date.now() < deadline) {
      server.closeIdleConnections();
      await new Promise((r) => setTimeout(r, 25));
    }
    const cut = this.open.size;
    server.closeAllConnections();
    return cut;
  }
}

/**
 * SIGTERM / SIGINT: drain the HTTP server (InFlightRequests.drain, bounded by `drainTimeoutMs`),
 * then close the app (processors, bus, store: their shutdown hooks), then end the process with
 * the signal, as Nest's enableShutdownHooks does. Instead of enableShutdownHooks: Nest closes
 * the server only after the destroy hooks and waits for keep-alive connections without a bound.
 */
export function enableGracefulShutdown(
  app: INestApplication,
  inFlight: InFlightRequests,
  drainTimeoutMs: number,
  log: (entry: Record<string, unknown>) => void,
): void {
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
  const onSignal = async (signal: NodeJS.Signals) => {
    unsubscribe();
    const started = Date.now();
    const cut = await inFlight.drain(app.getHttpServer(), drainTimeoutMs);
    log({ msg: 'HTTP server drained', signal, drainMs: Date.now() - started, requestsCut: cut });
    await app.close();
    process.kill(process.pid, signal);
  };
  const unsubscribe = () => signals.forEach((s) => process.removeListener(s, onSignal));
  signals.forEach((s) => process.once(s, onSignal));
  // app.close() without a signal (tests): the listeners go with the server.
  app.getHttpServer().once('close', unsubscribe);
}
