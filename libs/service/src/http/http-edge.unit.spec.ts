import { createServer } from 'node:http';
import { applyServerTimeouts } from './http-edge';

describe('applyServerTimeouts', () => {
  it('given the default settings, when applied, then idle connections outlive a 60 s load-balancer idle timeout and headers get 1 s more', () => {
    const server = createServer();
    applyServerTimeouts(server, { keepAliveTimeoutMs: 65_000, headersTimeoutMs: 66_000 });
    expect({ keepAlive: server.keepAliveTimeout, headers: server.headersTimeout }).toEqual({ keepAlive: 65_000, headers: 66_000 });
    // Node's 5 min request timeout stays: it already exceeds the header timeout.
    expect(server.requestTimeout).toBe(300_000);
  });

  it('given a keep-alive longer than the request timeout (a 600 s load balancer), when applied, then the request timeout is raised to the header timeout', () => {
    const server = createServer();
    applyServerTimeouts(server, { keepAliveTimeoutMs: 620_000, headersTimeoutMs: 621_000 });
    expect(server.requestTimeout).toBe(621_000);
  });
});
