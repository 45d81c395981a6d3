import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP pass-through on 127.0.0.1 whose connections can all be cut at once: a real network
 * drop between a client and its server (PostgreSQL, EventStoreDB), for reconnect tests.
 */
export class TcpProxy {
  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly sockets: Set<Socket>,
    private readonly state: { refusing: boolean },
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const sockets = new Set<Socket>();
    const state = { refusing: false };
    const server = createServer((client) => {
      if (state.refusing) return void client.destroy(); // the server is down: connection reset
      const upstream = connect(targetPort, targetHost);
      sockets.add(client);
      sockets.add(upstream);
      const cleanup = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', cleanup).on('close', cleanup);
      upstream.on('error', cleanup).on('close', cleanup);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('proxy: no port');
    return new TcpProxy(server, address.port, sockets, state);
  }

  /** Number of open connections (both sides counted). */
  get connections(): number {
    return this.sockets.size;
  }

  /** Cuts every open connection (new ones are accepted again); returns how many sockets were cut. */
  dropAll(): number {
    const cut = this.sockets.size;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    return cut;
  }

  /** The server goes away for `ms`: open connections are cut and new ones reset until then. */
  async outage(ms: number): Promise<void> {
    this.state.refusing = true;
    this.dropAll();
    await new Promise((r) => setTimeout(r, ms));
    this.state.refusing = false;
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A store opened through a fresh TcpProxy to host:port: `interrupt` cuts its connections,
 * `close` closes the store, then the proxy. `open` gets the proxy's local port.
 */
export async function openBehindProxy<S extends { store: unknown; close: () => Promise<void> }>(
  host: string,
  port: number,
  open: (proxyPort: number) => Promise<S>,
): Promise<{ store: S['store']; interrupt: () => number; close: () => Promise<void> }> {
  const proxy = await TcpProxy.start(host, port);
  const { store, close } = await open(proxy.port);
  return {
    store,
    interrupt: () => proxy.dropAll(),
    close: async () => {
      await close();
      await proxy.close();
    },
  };
}
