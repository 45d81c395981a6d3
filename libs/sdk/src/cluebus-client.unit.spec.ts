import { CluebusApiError } from './cluebus-error';
import { CluebusClient } from './cluebus-client';

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

const ok = { clueId: 'c', commandId: 'k', replayed: false, events: [] };

describe('CluebusClient', () => {
  it('given a network error then a 503, when a command is sent, then it retries with the same Idempotency-Key', async () => {
    const { impl, calls } = fakeFetch([new TypeError('fetch failed'), { status: 503, body: { code: 'INTERNAL', message: 'x' } }, { status: 201, body: ok }]);
    const client = new CluebusClient({ baseUrl: 'http://x/', apiKey: 'k', fetch: impl, retries: 3 });
    await expect(client.transferClue('c', { to: ['samr'], basis: 'b' })).resolves.toEqual(ok);
    const keys = calls.map((c) => (c.init.headers as Record<string, string>)['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(calls[0].url).toBe('http://x/v1/clues/c/transfers');
  });

  it('given a 422, when a command is sent, then it throws CluebusApiError with code and field and does not retry', async () => {
    const { impl, calls } = fakeFetch([{ status: 422, body: { code: 'RECIPIENT_IS_SENDER', field: 'to', message: 'no' } }]);
    const client = new CluebusClient({ baseUrl: 'http://x', apiKey: 'k', fetch: impl });
    const error = await client.transferClue('c', { to: ['nhc'], basis: 'b' }).catch((e) => e);
    expect(error).toBeInstanceOf(CluebusApiError);
    expect(error).toMatchObject({ status: 422, code: 'RECIPIENT_IS_SENDER', field: 'to' });
    expect(calls).toHaveLength(1);
  });

  it('given a Chinese actor name, when sent, then X-Actor is percent-encoded', async () => {
    const { impl, calls } = fakeFetch([{ status: 200, body: { department: 'samr:341300', items: [] } }]);
    await new CluebusClient({ baseUrl: 'http://x', apiKey: 'k', actor: '赵调查员', fetch: impl }).inbox();
    expect((calls[0].init.headers as Record<string, string>)['x-actor']).toBe(encodeURIComponent('赵调查员'));
  });
});
