import { CluebusApiError } from './cluebus-error';
import { CluebusClient } from './cluebus-client';

const frame = (position: number, event = 'inbox') => `id: ${position}\nevent: ${event}\ndata: ${JSON.stringify({ position, kind: 'transfer' })}\n\n`;
const socketCut = () => new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });

/** A body that sends `chunks`, then ends with `end` (an error: the connection was cut) or stays open. */
function body(chunks: string[], end?: Error): ReadableStream<Uint8Array> {
  const bytes = chunks.map((c) => new TextEncoder().encode(c));
  return new ReadableStream({
    pull(controller) {
      const next = bytes.shift();
      if (next) controller.enqueue(next);
      else if (end) controller.error(end);
    },
  });
}

describe('client.inbox.watch', () => {
  it('given a stream cut after two items and resumed with one of them again, when watched, then each item comes once and the resume names the last one', async () => {
    const lastEventIds: string[] = [];
    const answers = [
      () => new Response(body([': hi\n\n', frame(1), frame(2)], socketCut()), { status: 200 }),
      () => { throw new TypeError('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) }); },
      () => new Response(body([frame(2), frame(5, 'cursor'), frame(4), frame(6)]), { status: 200 }),
    ];
    const fetch = (async (_url: string, init: RequestInit) => {
      lastEventIds.push((init.headers as Record<string, string>)['last-event-id']);
      return answers.shift()!();
    }) as unknown as typeof globalThis.fetch;
    const reconnects: number[] = [];
    const client = new CluebusClient({ baseUrl: 'http://x', apiKey: 'k', fetch, retryDelayMs: 1 });
    const seen: number[] = [];
    for await (const item of client.inbox.watch({ onReconnect: (r) => reconnects.push(r.after) })) {
      seen.push(item.position);
      if (seen.length === 3) break;
    }
    // 2 again and 4 (at or below the cursor 5) are dropped
    expect(seen).toEqual([1, 2, 6]);
    expect(lastEventIds).toEqual(['0', '2', '2']);
    expect(reconnects).toEqual([2, 2]);
  });

  it('given a refused key, when watched, then the watch throws the refusal instead of reconnecting', async () => {
    let calls = 0;
    const fetch = (async () => (calls++, new Response(JSON.stringify({ code: 'UNAUTHENTICATED', status: 401 }), { status: 401 }))) as unknown as typeof globalThis.fetch;
    const watch = new CluebusClient({ baseUrl: 'http://x', apiKey: 'bad', fetch }).inbox.watch();
    const error = await watch.next().catch((e) => e);
    expect(error).toBeInstanceOf(CluebusApiError);
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(calls).toBe(1);
  });

  it('given a connection that goes silent, when the idle timeout passes, then the watch reconnects', async () => {
    const opened: string[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      opened.push((init.headers as Record<string, string>)['last-event-id']);
      const stream = opened.length === 1 ? body([frame(3)]) : body([frame(4)]);
      return new Response(stream, { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const client = new CluebusClient({ baseUrl: 'http://x', apiKey: 'k', fetch, retryDelayMs: 1 });
    const seen: number[] = [];
    for await (const item of client.inbox.watch({ idleTimeoutMs: 50 })) {
      seen.push(item.position);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([3, 4]);
    expect(opened).toEqual(['0', '3']);
  });

  it('given an abort signal, when it fires while waiting, then the watch ends without error', async () => {
    const controller = new AbortController();
    const fetch = (async (_url: string, init: RequestInit) => {
      const stream = body([frame(1)]);
      return new Response(stream, { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const seen: number[] = [];
    for await (const item of new CluebusClient({ baseUrl: 'http://x', apiKey: 'k', fetch }).inbox.watch({ signal: controller.signal })) {
      seen.push(item.position);
      setTimeout(() => controller.abort(), 10);
    }
    expect(seen).toEqual([1]);
  });
});
