import { ResubscribingSubscription, type FeedHandle, type FeedSink } from './resubscribing-subscription';

interface E {
  globalPosition: number;
  id: string;
}

/**
 * A scripted server: a growing log and catch-up feeds over it that deliver asynchronously,
 * can be cut, can misbehave by replaying what precedes `after`, and honour pause().
 */
class FakeServer {
  readonly log: E[] = [];
  readonly opened: number[] = [];
  private feeds = new Set<{ sink: FeedSink<E>; next: number; paused: boolean; closed: boolean; replayFrom?: number }>();
  replayOverlap = 0; // a reconnecting server may resend this many events before `after`
  failOpens = 0;

  append(n: number): void {
    for (let i = 0; i < n; i++) {
      const last = this.log[this.log.length - 1]?.globalPosition ?? 0;
      this.log.push({ globalPosition: last + 10 + (i % 3), id: `e${this.log.length}` });
    }
    this.kick();
  }

  open = (after: number, sink: FeedSink<E>): FeedHandle => {
    this.opened.push(after);
    if (this.failOpens > 0) {
      this.failOpens--;
      throw new Error('unavailable');
    }
    let next = this.log.findIndex((e) => e.globalPosition > after);
    if (next < 0) next = this.log.length;
    const feed = { sink, next: Math.max(0, next - this.replayOverlap), paused: false, closed: false };
    this.feeds.add(feed);
    this.kick();
    return {
      pause: () => (feed.paused = true),
      resume: () => {
        feed.paused = false;
        this.kick();
      },
      close: async () => {
        feed.closed = true;
        this.feeds.delete(feed);
      },
    };
  };

  /** Every open feed fails (a network drop). */
  drop(): void {
    for (const f of [...this.feeds]) {
      this.feeds.delete(f);
      f.closed = true;
      f.sink.failed(new Error('connection reset'));
    }
  }

  get openFeeds(): number {
    return this.feeds.size;
  }

  private kick(): void {
    setImmediate(() => {
      for (const f of this.feeds) {
        while (!f.closed && !f.paused && f.next < this.log.length) f.sink.event(this.log[f.next++]);
      }
    });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(2);
  }
}

function subscribe(server: FakeServer, after = 0, opts: { batchSize?: number; fail?: (batch: E[]) => boolean } = {}) {
  const got: E[] = [];
  const batches: Array<{ after: number; ids: string[] }> = [];
  const errors: unknown[] = [];
  const sub = new ResubscribingSubscription<E>(
    server.open,
    async (batch, from) => {
      batches.push({ after: from, ids: batch.map((e) => e.id) });
      if (opts.fail?.(batch)) throw new Error('handler failed');
      await sleep(1);
      got.push(...batch);
    },
    { after, batchSize: opts.batchSize, onError: (e) => errors.push(e), initialBackoffMs: 5, maxBackoffMs: 20 },
  );
  return { sub, got, batches, errors };
}

const ids = (events: E[]) => events.map((e) => e.id);

describe('ResubscribingSubscription (catch-up over a push feed, reconnecting)', () => {
  it('given history, when subscribed, then history then live events arrive in order, once, and position follows', async () => {
    const server = new FakeServer();
    server.append(20);
    const s = subscribe(server, 0, { batchSize: 7 });
    await until(() => s.got.length === 20, 'history');
    server.append(5);
    await until(() => s.got.length === 25, 'live');
    expect(ids(s.got)).toEqual(ids(server.log));
    expect(s.sub.position).toBe(server.log[24].globalPosition);
    expect(s.batches.every((b) => b.ids.length <= 7)).toBe(true);
    await s.sub.stop();
  });

  it('given the feed drops repeatedly mid-stream, then it re-opens from the last accepted position: no duplicate, no gap', async () => {
    const server = new FakeServer();
    server.replayOverlap = 3; // and the server resends a few old events each time
    const s = subscribe(server, 0, { batchSize: 4 });
    for (let round = 0; round < 6; round++) {
      await until(() => server.openFeeds > 0, 're-opened');
      server.append(9);
      await sleep(3);
      server.drop();
    }
    server.append(4);
    await until(() => s.got.length === server.log.length, `got ${s.got.length}/${server.log.length}`);
    await sleep(30);
    expect(ids(s.got)).toEqual(ids(server.log));
    expect(server.opened.length).toBeGreaterThanOrEqual(7);
    // Every re-open started at what the handler had accepted by then.
    for (const after of server.opened.slice(1)) expect(after === 0 || server.log.some((e) => e.globalPosition === after)).toBe(true);
    expect(s.errors.length).toBeGreaterThanOrEqual(6);
    await s.sub.stop();
  });

  it('given the handler throws once, then the same batch is retried and nothing is skipped', async () => {
    const server = new FakeServer();
    server.append(10);
    let failed = false;
    const s = subscribe(server, 0, {
      batchSize: 3,
      fail: () => {
        if (failed) return false;
        failed = true;
        return true;
      },
    });
    await until(() => s.got.length === 10, 'all');
    expect(s.batches[1]).toEqual(s.batches[0]);
    expect(ids(s.got)).toEqual(ids(server.log));
    expect(s.errors).toHaveLength(1);
    await s.sub.stop();
  });

  it('given a drop while a batch is in the handler, then nothing is delivered twice', async () => {
    const server = new FakeServer();
    server.replayOverlap = 50;
    server.append(30);
    const got: E[] = [];
    let dropped = false;
    const sub = new ResubscribingSubscription<E>(
      server.open,
      async (batch) => {
        if (!dropped && got.length >= 10) {
          dropped = true;
          server.drop(); // the feed dies while this batch is being handled
          await sleep(20);
        }
        got.push(...batch);
      },
      { after: 0, batchSize: 5, initialBackoffMs: 1 },
    );
    await until(() => got.length >= 30, `got ${got.length}`);
    await sleep(30);
    expect(ids(got)).toEqual(ids(server.log));
    await sub.stop();
  });

  it('given opening the feed fails, then it keeps retrying with back-off until it works', async () => {
    const server = new FakeServer();
    server.append(3);
    server.failOpens = 3;
    const s = subscribe(server);
    await until(() => s.got.length === 3, 'after failed opens');
    expect(server.opened.length).toBe(4);
    expect(s.errors).toHaveLength(3);
    await s.sub.stop();
  });

  it('given a slow handler, then the feed is paused (bounded buffer) and resumed, losing nothing', async () => {
    const server = new FakeServer();
    server.append(200);
    const got: E[] = [];
    const sub = new ResubscribingSubscription<E>(
      server.open,
      async (batch) => {
        await sleep(1);
        got.push(...batch);
      },
      { after: 0, batchSize: 10 },
    );
    await until(() => got.length === 200, `got ${got.length}`);
    expect(ids(got)).toEqual(ids(server.log));
    await sub.stop();
  });

  it('given stop(), then the feed is closed, nothing more is delivered, and a new subscription resumes exactly after position', async () => {
    const server = new FakeServer();
    server.append(8);
    const first = subscribe(server);
    await until(() => first.got.length === 8, 'first');
    await first.sub.stop();
    expect(server.openFeeds).toBe(0);
    server.append(5);
    await sleep(20);
    expect(first.got).toHaveLength(8);
    const second = subscribe(server, first.sub.position);
    await until(() => second.got.length === 5, 'second');
    expect(ids([...first.got, ...second.got])).toEqual(ids(server.log));
    await second.sub.stop();
  });
});
