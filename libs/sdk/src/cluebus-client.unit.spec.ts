import { CluebusApiError } from './cluebus-error';
import { CluebusClient } from './cluebus-client';
import { isConnectionError, isRetryableFailure, retryDelayMs } from './connection-retry';

/** Pure behaviour of the client (retry, idempotency key reuse, error mapping) with a fake fetch. */
function fakeFetch(responses: Array<{ status: number; body?: unknown } | Error>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const impl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = responses.shift()!;
    if (next instanceof Error) throw next;
    return new Response(next.body === undefined ? '' : JSON.stringify(next.body), { status: next.status });
  }) as unknown as typeof fetch;
  return { impl, calls };
}

/** What undici's fetch throws when the connection fails: a TypeError whose cause has the socket's code. */
const fetchFailed = (code: string, message = 'connect failed') => new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
const problem = (status: number, code: string, extra: object = {}) => ({ type: `urn:cluebus:problem:${code}`, title: 't', status, detail: 'd', instance: '/v1/x', code, ...extra });
const ok = { clueId: 'c', commandId: 'k', replayed: false, events: [] };
const keysOf = (calls: Array<{ init: RequestInit }>) => calls.map((c) => (c.init.headers as Record<string, string>)['idempotency-key']);

describe('CluebusClient', () => {
  it('given a refused connection, a reset and a 503, when a command is sent, then it retries with the same Idempotency-Key and reports each retry', async () => {
    const { impl, calls } = fakeFetch([fetchFailed('ECONNREFUSED'), fetchFailed('UND_ERR_SOCKET', 'other side closed'), { status: 503, body: problem(503, 'INTERNAL') }, { status: 201, body: ok }]);
    const retries: number[] = [];
    const client = new CluebusClient({ baseUrl: 'http://x/', apiKey: 'k', fetch: impl, retries: 3, retryDelayMs: 1, onRetry: (r) => retries.push(r.attempt) });
    await expect(client.clues.transfer('c', { to: ['samr'], basis: 'b' })).resolves.toEqual(ok);
    expect(keysOf(calls)).toHaveLength(4);
    expect(new Set(keysOf(calls)).size).toBe(1);
    expect(retries).toEqual([1, 2, 3]);
    expect(calls[0].url).toBe('http://x/v1/clues/c/transfers');
  });

  it('given connection errors on every attempt, when a command is sent, then it gives up after the bounded retries with the last error', async () => {
    const { impl, calls } = fakeFetch([fetchFailed('ECONNRESET'), fetchFailed('ECONNRESET'), fetchFailed('ECONNRESET')]);
    const client = new CluebusClient({ baseUrl: 'http://x', apiKey: 'k', fetch: impl, retries: 2, retryDelayMs: 1 });
    await expect(client.clues.register({} as never)).rejects.toThrow('fetch failed');
    expect(calls).toHaveLength(3);
  });

  it('given a socket hang up, when a GET is sent, then it is retried too', async () => {
    const { impl, calls } = fakeFetch([Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), { status: 200, body: { department: 'samr:341300', items: [] } }]);
    const client = new CluebusClient({ baseUrl: 'http://x', apiKey: 'k', fetch: impl, retryDelayMs: 1 });
    await expect(client.inbox.list()).resolves.toEqual({ department: 'samr:341300', items: [] });
    expect(calls).toHaveLength(2);
  });

  it('given an error that is no connection failure (an abort), when sent, then it is not retried', async () => {
    const { impl, calls } = fakeFetch([Object.assign(new Error('aborted'), { name: 'AbortError' }), { status: 200, body: {} }]);
    const client = new CluebusClient({ baseUrl: 'http://x', apiKey: 'k', fetch: impl, retryDelayMs: 1 });
    await expect(client.inbox.list()).rejects.toThrow('aborted');
    expect(calls).toHaveLength(1);
  });

  it('given a 422 problem, when a command is sent, then it throws CluebusApiError with code, field, title, detail and errors and does not retry', async () => {
    const body = problem(422, 'RECIPIENT_IS_SENDER', { title: '接收部门不能是移交部门本身', detail: 'no', field: 'to', errors: [{ field: 'to', message: 'x' }] });
    const { impl, calls } = fakeFetch([{ status: 422, body }]);
    const client = new CluebusClient({ baseUrl: 'http://x', apiKey: 'k', fetch: impl, language: 'en' });
    const error = await client.clues.transfer('c', { to: ['nhc'], basis: 'b' }).catch((e) => e);
    expect(error).toBeInstanceOf(CluebusApiError);
    expect(error).toMatchObject({ status: 422, code: 'RECIPIENT_IS_SENDER', field: 'to', title: '接收部门不能是移交部门本身', detail: 'no', errors: [{ field: 'to', message: 'x' }] });
    expect(error.message).toBe('422 RECIPIENT_IS_SENDER (to): no');
    expect((calls[0].init.headers as Record<string, string>)['accept-language']).toBe('en');
    expect(calls).toHaveLength(1);
  });

  it('given an error answer that is not JSON (a proxy page), when sent, then CluebusApiError keeps the status with a generic code', async () => {
    const impl = (async () => new Response('<html>bad gateway</html>', { status: 404, statusText: 'Not Found' })) as unknown as typeof fetch;
    const error = await new CluebusClient({ baseUrl: 'http://x', apiKey: 'k', fetch: impl }).inbox.list().catch((e) => e);
    expect(error).toMatchObject({ status: 404, code: 'HTTP_404', title: 'Not Found' });
  });

  it('given a fetch that must not be called as a method (a browser\'s window.fetch), when requests and a watch are sent, then it is called with no receiver', async () => {
    const receivers: unknown[] = [];
    const impl = function (this: unknown) {
      receivers.push(this);
      return Promise.resolve(new Response('id: 1\nevent: inbox\ndata: {"position":1}\n\n', { status: 200 }));
    } as unknown as typeof fetch;
    const client = new CluebusClient({ baseUrl: 'http://x', apiKey: 'k', fetch: impl });
    await client.ledger.export('csv');
    const watch = client.inbox.watch();
    await watch.next();
    await watch.return();
    expect(receivers).toEqual([undefined, undefined]);
  });

  it('given a Chinese actor name, when sent, then X-Actor is percent-encoded', async () => {
    const { impl, calls } = fakeFetch([{ status: 200, body: { department: 'samr:341300', items: [] } }]);
    await new CluebusClient({ baseUrl: 'http://x', apiKey: 'k', actor: '赵调查员', fetch: impl }).inbox.list();
    expect((calls[0].init.headers as Record<string, string>)['x-actor']).toBe(encodeURIComponent('赵调查员'));
  });
});

describe('connection retry policy', () => {
  it.each<[string, unknown, boolean]>([
    ['ECONNREFUSED inside fetch failed', fetchFailed('ECONNREFUSED'), true],
    ['UND_ERR_SOCKET inside fetch failed', fetchFailed('UND_ERR_SOCKET'), true],
    ['a node socket hang up', new Error('socket hang up'), true],
    ['a bare fetch failed without a cause', new TypeError('fetch failed'), false],
    ['a DNS failure', fetchFailed('ENOTFOUND'), false],
    ['a refusal', new CluebusApiError(409, { code: 'X' }), false],
    ['a string', 'ECONNRESET', false],
  ])('given %s, when classified, then connection error: %s', (_what, error, expected) => {
    expect(isConnectionError(error)).toBe(expected);
  });

  it.each<[string, unknown, boolean]>([
    ['a refused connection', fetchFailed('ECONNREFUSED'), true],
    ['a 500', new CluebusApiError(500, { code: 'INTERNAL' }), true],
    ['a 503', new CluebusApiError(503, {}), true],
    ['a 409 refusal', new CluebusApiError(409, { code: 'FEEDBACK_ALREADY_SENT' }), false],
    ['a 429', new CluebusApiError(429, {}), false],
    ['an abort', Object.assign(new Error('aborted'), { name: 'AbortError' }), false],
  ])('given %s, when asked whether to retry, then %s', (_what, error, expected) => {
    expect(isRetryableFailure(error)).toBe(expected);
  });

  it('given the retries, when delays are computed, then they double from the base, are capped and jittered ±50 %', () => {
    const policy = { retries: 5, baseDelayMs: 100, maxDelayMs: 400 };
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 0.5))).toEqual([100, 200, 400, 400]);
    expect(retryDelayMs(1, policy, () => 0)).toBe(50);
    expect(retryDelayMs(1, policy, () => 0.999)).toBe(150);
  });
});
