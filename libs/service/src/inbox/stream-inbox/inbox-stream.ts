import type { ServerResponse } from 'node:http';
import type { EventStore } from '@cluebus/eventstore';
import { inboxStreamItemOf } from './inbox-stream-item';

export interface InboxStreamOptions {
  store: EventStore;
  /** The caller's department instance: only events addressed to it are sent. */
  instance: string;
  /** Send items with a position greater than this. */
  after: number;
  /** True once the service is shutting down: the stream ends, the client reconnects elsewhere or later. */
  stopping: () => boolean;
  /** A comment line this often keeps proxies from timing the connection out and lets clients notice a dead one. */
  heartbeatMs?: number;
  /** How often the log is read for new events once caught up. */
  pollMs?: number;
  /** Events read per query. */
  batch?: number;
  onError?: (error: unknown) => void;
}

export const INBOX_STREAM_HEARTBEAT_MS = 15_000;
const POLL_MS = 200;
const BATCH = 500;

/**
 * Serves `text/event-stream` on an open response until the client goes away or the service
 * stops. Reads the global log itself rather than the inbox projection: positions there are
 * gap-free and in commit order (docs/adr/0002), while a projection fed by several Kafka
 * partitions commits rows out of position order, so a cursor on it could skip (docs/adr/0017).
 * Each item goes out as `id: <position>` + `event: inbox`; after a batch with nothing for this
 * department an `event: cursor` moves the client's Last-Event-ID on, so a reconnect does not
 * read those events again.
 */
export async function serveInboxStream(res: ServerResponse, o: InboxStreamOptions): Promise<void> {
  const heartbeatMs = o.heartbeatMs ?? INBOX_STREAM_HEARTBEAT_MS;
  let closed = false;
  res.once('close', () => (closed = true));
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  });
  // A reconnecting EventSource waits this long; the SDK has its own backoff.
  await write(res, 'retry: 1000\n\n');

  let after = o.after;
  let lastWrite = Date.now();
  while (!closed && !o.stopping()) {
    let events;
    try {
      events = await o.store.readAll({ after, maxCount: o.batch ?? BATCH });
    } catch (error) {
      o.onError?.(error);
      events = undefined;
    }
    if (events && events.length > 0) {
      let sent = false;
      for (const event of events) {
        const item = inboxStreamItemOf(event, o.instance);
        if (item) {
          await write(res, `id: ${item.position}\nevent: inbox\ndata: ${JSON.stringify(item)}\n\n`);
          sent = true;
        }
      }
      after = events[events.length - 1].globalPosition;
      if (!sent) await write(res, `id: ${after}\nevent: cursor\ndata: {"position":${after}}\n\n`);
      lastWrite = Date.now();
      if (events.length === (o.batch ?? BATCH)) continue; // more to catch up on: no pause
    }
    if (Date.now() - lastWrite >= heartbeatMs) {
      await write(res, `: heartbeat ${new Date().toISOString()}\n\n`);
      lastWrite = Date.now();
    }
    await new Promise((r) => setTimeout(r, o.pollMs ?? POLL_MS));
  }
  if (!closed) res.end();
}

/** Writes and waits while the socket's buffer is full, so a slow client holds back the reads, not the memory. */
function write(res: ServerResponse, text: string): Promise<void> {
  if (res.destroyed || res.writableEnded) return Promise.resolve();
  if (res.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => (res.off('drain', done), res.off('close', done), resolve());
    res.once('drain', done);
    res.once('close', done);
  });
}
