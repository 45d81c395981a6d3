import type { InboxStreamItemDto } from './contract-types';
import { CluebusApiError } from './cluebus-error';
import { retryDelayMs } from './connection-retry';
import { type CluebusHttp, isRetryable, problemOf } from './http-transport';
import { SseParser } from './sse-parser';

export interface WatchOptions {
  /** Yield items after this position (the `position` of the last item handled); default 0. */
  after?: number;
  /** Stops the watch: the iterator then ends without error. */
  signal?: AbortSignal;
  /**
   * A connection silent this long (no item, no heartbeat) is taken as dead and reopened;
   * default 45 s (the service sends a heartbeat every 15 s).
   */
  idleTimeoutMs?: number;
  /** Hears each reconnect: why, the attempt since the last good connection, and the position it resumes after. */
  onReconnect?: (reconnect: { attempt: number; after: number; error?: unknown }) => void;
}

/** A connection the service closed or cut: reconnect. Anything else a 4xx refusal or a bug: stop. */
class StreamInterrupted extends Error {}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });

/**
 * The async iterator behind `client.inbox.watch()`. Resumes with `Last-Event-ID` = the last
 * position yielded, and drops an item at or below it should a server send one again, so each
 * item is yielded once; reconnect delays follow the client's retry policy (doubling, capped,
 * jittered) and never give up: a watch outlives any number of restarts.
 */
export async function* watchInbox(http: CluebusHttp, options: WatchOptions = {}): AsyncGenerator<InboxStreamItemDto, void, undefined> {
  let after = options.after ?? 0;
  let attempt = 0;
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  const { signal } = options;
  while (!signal?.aborted) {
    const connection = new AbortController();
    const abort = () => connection.abort(signal?.reason);
    signal?.addEventListener('abort', abort, { once: true });
    let idle: NodeJS.Timeout | undefined;
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => connection.abort(new StreamInterrupted(`no item or heartbeat for ${idleTimeoutMs} ms`)), idleTimeoutMs);
    };
    let failure: unknown;
    try {
      touch();
      const res = await http.fetch(`${http.baseUrl}/v1/inbox/stream`, {
        method: 'GET',
        headers: http.headers({ accept: 'text/event-stream', 'last-event-id': String(after) }),
        signal: connection.signal,
      });
      if (!res.ok) throw new CluebusApiError(res.status, problemOf(await res.text(), res.statusText));
      if (!res.body) throw new StreamInterrupted('the answer has no body');
      const reader = res.body.getReader();
      // Ends a pending read on abort (idle timeout, the caller's signal) whatever the fetch implementation does with the signal.
      connection.signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
      const decoder = new TextDecoder();
      const parser = new SseParser();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) throw new StreamInterrupted('the service closed the stream');
        touch();
        attempt = 0; // bytes arrived: the connection is good again
        for (const message of parser.push(decoder.decode(value, { stream: true }))) {
          if (message.event === 'cursor') {
            // Nothing for this department up to there: resume after it, without reading those events again.
            const position = Number(message.id);
            if (Number.isSafeInteger(position) && position > after) after = position;
            continue;
          }
          if (message.event !== 'inbox') continue;
          const item = JSON.parse(message.data) as InboxStreamItemDto;
          if (!(item.position > after)) continue; // already yielded: never twice
          after = item.position;
          yield item;
        }
      }
    } catch (error) {
      failure = connection.signal.reason instanceof StreamInterrupted ? connection.signal.reason : error;
    } finally {
      clearTimeout(idle);
      signal?.removeEventListener('abort', abort);
      connection.abort();
    }
    if (signal?.aborted) return;
    // A refusal (bad key, 4xx) will be refused again: the caller must know.
    if (!(failure instanceof StreamInterrupted) && !isRetryable(failure) && !isBodyCut(failure)) throw failure;
    attempt++;
    options.onReconnect?.({ attempt, after, error: failure });
    await sleep(retryDelayMs(Math.min(attempt, 30), http.retryPolicy), signal);
  }
}

/** undici's error when a response body is cut mid-read (TypeError "terminated", its cause the socket's). */
function isBodyCut(error: unknown): boolean {
  return error instanceof TypeError && /terminated|aborted/i.test(error.message);
}
