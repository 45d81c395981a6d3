import { chainHash, GENESIS_HASH } from '@cluebus/audit';
import { LazyChain, type LogPage, type UnsealedEvent } from './lazy-chain';

/** A log with sparse positions (like EventStoreDB byte offsets) and system records in between. */
function makeLog(n: number) {
  const events: UnsealedEvent[] = [];
  const raw: Array<{ position: number; event?: UnsealedEvent }> = [];
  let position = 100;
  for (let i = 0; i < n; i++) {
    if (i % 7 === 3) raw.push({ position: (position += 37) }); // a system event: not in the log
    const e: UnsealedEvent = {
      eventId: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      type: 'Counted',
      schemaVersion: 1,
      data: { i },
      metadata: { department: 'nhc:110000', actor: 't', occurredAt: '2026-01-01T00:00:00.000Z', causationId: 'c', correlationId: 'c' },
      streamId: `s-${i % 5}`,
      streamPosition: Math.floor(i / 5),
      globalPosition: (position += 50 + (i % 13)),
      recordedAt: '2026-01-01T00:00:00.000Z',
    };
    events.push(e);
    raw.push({ position: e.globalPosition, event: e });
  }
  const hashes: string[] = [];
  let prev = GENESIS_HASH;
  for (const e of events) hashes.push((prev = chainHash(prev, e)));
  const reads: number[] = [];
  const readPage = async (after: number, max: number): Promise<LogPage> => {
    reads.push(after);
    const slice = raw.filter((r) => r.position > after).slice(0, max);
    return {
      events: slice.flatMap((r) => (r.event ? [r.event] : [])),
      lastPosition: slice.length > 0 ? slice[slice.length - 1].position : after,
      end: slice.length < max,
    };
  };
  return { events, hashes, readPage, reads };
}

describe('LazyChain (the global chain of a log that does not store one)', () => {
  it('given a cold chain, when looking up any position, then the link is the hash of the last event at or before it', async () => {
    const log = makeLog(300);
    const chain = new LazyChain(log.readPage, { checkpointInterval: 16, pageSize: 32 });
    expect(await chain.linkAtOrBefore(0)).toEqual({ position: 0, hash: GENESIS_HASH });
    expect(await chain.linkAtOrBefore(log.events[0].globalPosition - 1)).toEqual({ position: 0, hash: GENESIS_HASH });
    for (const i of [0, 1, 17, 150, 299]) {
      const e = log.events[i];
      expect(await chain.linkAtOrBefore(e.globalPosition)).toEqual({ position: e.globalPosition, hash: log.hashes[i] });
      expect((await chain.linkAtOrBefore(e.globalPosition + 1)).hash).toBe(log.hashes[i]);
    }
    expect((await chain.linkAtOrBefore(Number.MAX_SAFE_INTEGER)).hash).toBe(log.hashes[299]);
  });

  it('given contiguous pages, when sealing them after their predecessor, then prevHash/hash equal the full chain', async () => {
    const log = makeLog(40);
    const chain = new LazyChain(log.readPage);
    const first = chain.sealFollowing(await chain.linkAtOrBefore(0), log.events.slice(0, 10));
    const rest = chain.sealFollowing(await chain.linkAtOrBefore(first[9].globalPosition), log.events.slice(10));
    const all = [...first, ...rest];
    all.forEach((e, i) => {
      expect(e.hash).toBe(log.hashes[i]);
      expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : log.hashes[i - 1]);
    });
    expect(log.reads).toHaveLength(0); // everything came from the known tip and the cache
  });

  it('given events scattered over the log (a stream), when sealing them, then each gets its place in the global chain', async () => {
    const log = makeLog(200);
    const chain = new LazyChain(log.readPage, { checkpointInterval: 8, pageSize: 16 });
    const stream = log.events.filter((e) => e.streamId === 's-3');
    const sealed = await chain.sealScattered(stream);
    sealed.forEach((e) => {
      const i = log.events.findIndex((x) => x.eventId === e.eventId);
      expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : log.hashes[i - 1]);
      expect(e.hash).toBe(log.hashes[i]);
    });
  });

  it('given a warm chain, when looking up old positions, then a lookup reads at most about one checkpoint interval', async () => {
    const log = makeLog(1000);
    const chain = new LazyChain(log.readPage, { checkpointInterval: 32, pageSize: 32 });
    await chain.linkAtOrBefore(Number.MAX_SAFE_INTEGER); // one cold pass
    expect(chain.checkpointCount).toBeGreaterThan(1000 / 32 - 2);
    for (const i of [5, 333, 640, 999]) {
      log.reads.length = 0;
      expect((await chain.linkAtOrBefore(log.events[i].globalPosition + 1)).hash).toBe(log.hashes[i]);
      expect(log.reads.length).toBeLessThanOrEqual(3);
    }
  });

  it('given the log grows, when looking past the known tip, then only the new part is read', async () => {
    const log = makeLog(500);
    const chain = new LazyChain(log.readPage, { checkpointInterval: 64, pageSize: 64 });
    await chain.linkAtOrBefore(log.events[399].globalPosition);
    log.reads.length = 0;
    expect((await chain.linkAtOrBefore(log.events[499].globalPosition)).hash).toBe(log.hashes[499]);
    expect(Math.min(...log.reads)).toBeGreaterThanOrEqual(log.events[399].globalPosition);
  });

  it('given concurrent lookups, then they agree with the full chain and share the reading', async () => {
    const log = makeLog(400);
    const chain = new LazyChain(log.readPage, { checkpointInterval: 16, pageSize: 50 });
    const picks = Array.from({ length: 40 }, (_, k) => (k * 37) % 400);
    const links = await Promise.all(picks.map((i) => chain.linkAtOrBefore(log.events[i].globalPosition)));
    links.forEach((l, k) => expect(l.hash).toBe(log.hashes[picks[k]]));
    expect(log.reads.length).toBeLessThan(40);
  });

  it('given sm3, then the chain is computed with sm3', async () => {
    const log = makeLog(3);
    const chain = new LazyChain(log.readPage, { algorithm: 'sm3' });
    const [e] = chain.sealFollowing(await chain.linkAtOrBefore(0), log.events.slice(0, 1));
    expect(e.hash).toBe(chainHash(GENESIS_HASH, log.events[0], 'sm3'));
  });
});
