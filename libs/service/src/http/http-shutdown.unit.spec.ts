import { createServer, get, Agent, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { InFlightRequests } from './http-shutdown';

/** A real server with a slow route, drained while a request is in flight on a keep-alive connection. */
describe('InFlightRequests.drain', () => {
  const servers: Server[] = [];
  // A failed expectation must not leave a listening server behind: jest would wait for it forever.
  afterEach(() => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      server.close();
    }
  });

  /** `delayMs` undefined: the route never answers (no timer left behind). `arrived` resolves when the route is entered. */
  const serve = (delayMs?: number) => {
    const inFlight = new InFlightRequests();
    let arrive!: () => void;
    const arrived = new Promise<void>((r) => (arrive = r));
    const app = express();
    app.use(inFlight.middleware);
    app.get('/', (_req, res) => {
      arrive();
      if (delayMs !== undefined) setTimeout(() => res.json({ ok: true }), delayMs);
    });
    const server = createServer(app);
    servers.push(server);
    server.keepAliveTimeout = 65_000;
    return new Promise<{ inFlight: InFlightRequests; server: Server; port: number; arrived: Promise<void> }>((resolve) =>
      server.listen(0, '127.0.0.1', () =>
        resolve({ inFlight, server, port: (server.address() as AddressInfo).port, arrived }),
      ),
    );
  };
  const request = (port: number, agent: Agent) =>
    new Promise<{ status: number; connection?: string }>((resolve, reject) =>
      get({ host: '127.0.0.1', port, agent }, (res: IncomingMessage) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      }).on('error', reject),
    );

  it('given a request in flight on a keep-alive connection, when drained, then it is answered with Connection: close, the server closes at once after, and new connections are refused', async () => {
    const { inFlight, server, port, arrived } = await serve(300);
    const agent = new Agent({ keepAlive: true });
    const answer = request(port, agent);
    await arrived;
    expect(inFlight.count).toBe(1);
    const closed = new Promise((r) => server.once('close', r));
    const started = Date.now();
    const cut = await inFlight.drain(server, 5_000);
    expect(await answer).toEqual({ status: 200, connection: 'close' });
    expect(cut).toBe(0);
    await closed;
    // Well under the 65 s keep-alive: the drained connection did not linger.
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(request(port, new Agent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    agent.destroy();
  });

  it('given a request slower than the drain timeout, when drained, then it is cut at the timeout and counted', async () => {
    const { inFlight, server, port, arrived } = await serve();
    const answer = request(port, new Agent()).catch((e: NodeJS.ErrnoException) => e.code);
    await arrived;
    const started = Date.now();
    expect(await inFlight.drain(server, 200)).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await answer).toBe('ECONNRESET');
  });
});
