/**
 * The EventStore contract: one suite, run against every adapter (postgres, pglite, esdb).
 *
 * What every adapter must do is asserted unconditionally. Where adapters legitimately differ
 * (documented in libs/eventstore/src/esdb/README.md), the difference is a named capability and
 * the suite asserts the declared behaviour instead of skipping it:
 *  - contiguousPositions: globalPosition is 1..n without gaps (SQL: the log head row hands them
 *    out in commit order) — otherwise only strictly increasing (EventStoreDB commit positions);
 *  - hashChain: prevHash of event n is the hash of event n−1 over the whole global log and every
 *    hash recomputes with @cluebus/audit (SQL stores it; the ESDB adapter computes it on read);
 *  - globallyUniqueEventIds: an id stored in one stream is refused in another (SQL) — or stored
 *    again, per-stream ids (EventStoreDB);
 *  - nul: what a U+0000 in a string does. PostgreSQL jsonb/text cannot hold it, so the SQL
 *    stores REJECT the append with an error naming the problem, store nothing, and must not
 *    disturb other appends; a store that can hold it must ROUND-TRIP it exactly. Silently
 *    dropping, truncating or escaping it is never allowed.
 *
 * Every test uses its own streams and reads the global log after a head taken at its start, so
 * the tests share one store (and one database) per adapter without seeing each other.
 */
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { EventMetadata, NewEvent, RecordedEvent } from '@cluebus/contracts';
import { chainHash, GENESIS_HASH, type HashAlgorithm } from '@cluebus/audit';
import {
  EventIdConflictError,
  WrongExpectedVersionError,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type Subscription,
} from '@cluebus/eventstore';

export interface StoreHandle {
  store: EventStore;
  close(): Promise<void>;
}

export interface InterruptibleStoreHandle extends StoreHandle {
  /** Cuts every network connection of this store instance (it may reconnect); returns how many were cut. */
  interrupt(): number | Promise<number>;
}

export interface ContractCapabilities {
  contiguousPositions: boolean;
  hashChain: boolean;
  hashAlgorithm?: HashAlgorithm;
  globallyUniqueEventIds: boolean;
  nul: 'reject' | 'roundtrip';
  /** A second, independent instance on the same database: another process's view. */
  openPeer?: () => Promise<StoreHandle>;
  /** Another instance on the same database whose connections the test can cut. */
  openInterruptible?: () => Promise<InterruptibleStoreHandle>;
  /** How long a subscription may take to deliver what was appended (ms). */
  deliveryTimeoutMs?: number;
}

/** The reference semantics: the SQL store's. */
export const SQL_CAPABILITIES: ContractCapabilities = {
  contiguousPositions: true,
  hashChain: true,
  globallyUniqueEventIds: true,
  nul: 'reject',
};

export function eventStoreContract(
  name: string,
  open: () => Promise<StoreHandle>,
  capabilities: Partial<ContractCapabilities> = {},
): void {
  const caps = { ...SQL_CAPABILITIES, ...capabilities };
  const delivery = caps.deliveryTimeoutMs ?? 10_000;

  describe(`EventStore contract: ${name}`, () => {
    let handle: StoreHandle;
    let store: EventStore;
    const runId = randomUUID().slice(0, 8);
    let streamCounter = 0;
    const stream = (label: string) => `contract-${label}-${runId}-${++streamCounter}`;

    beforeAll(async () => {
      handle = await open();
      store = handle.store;
    }, 120_000);

    afterAll(async () => {
      await handle?.close();
    }, 60_000);

    describe('append and read a stream', () => {
      it('given no stream, when two events are appended with no-stream, then readStream returns them at 0 and 1 exactly as written', async () => {
        const s = stream('basic');
        const events = [event('ClueRegistered', { title: 'first', n: 1, nested: { a: [1, 2, { b: null }] } }), event('ClueTransferred', { to: 'mps:110000', ok: true })];
        const result = await store.append(s, events, { expectedVersion: 'no-stream' });

        const read = await store.readStream(s);
        expect(read).toHaveLength(2);
        read.forEach((r, i) => {
          expect(r.streamId).toBe(s);
          expect(r.streamPosition).toBe(i);
          expectSameContent(r, events[i]);
          expect(r.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
        });
        expect(result.idempotentReplay).toBe(false);
        expect(result.nextExpectedVersion).toBe(1);
        expect(result.lastGlobalPosition).toBe(read[1].globalPosition);
        expect(result.events).toEqual(read);
      });

      it('given a stream of 10 events, when reading with fromPosition and maxCount, then exactly that window comes back in order', async () => {
        const s = stream('window');
        await store.append(s, range(10).map((i) => event('Counted', { i })), { expectedVersion: 'no-stream' });

        expect((await store.readStream(s, { fromPosition: 3, maxCount: 4 })).map((e) => e.data.i)).toEqual([3, 4, 5, 6]);
        expect((await store.readStream(s, { fromPosition: 8 })).map((e) => e.streamPosition)).toEqual([8, 9]);
        expect((await store.readStream(s, { maxCount: 2 })).map((e) => e.streamPosition)).toEqual([0, 1]);
        expect(await store.readStream(s, { fromPosition: 10 })).toEqual([]);
      });

      it('given no such stream, when reading it, then the result is empty, not an error', async () => {
        expect(await store.readStream(stream('missing'))).toEqual([]);
      });

      it('when appending no events, then the append is refused', async () => {
        await expect(store.append(stream('empty'), [], { expectedVersion: 'any' })).rejects.toThrow();
      });

      it('when an event id is not a UUID, then the append is refused and nothing is stored', async () => {
        const s = stream('not-uuid');
        await expect(store.append(s, [{ ...event('NotUuid'), eventId: 'clue-1' }], { expectedVersion: 'any' })).rejects.toThrow();
        expect(await store.readStream(s)).toEqual([]);
      });

      it('when one append carries the same event id twice, then it is refused and nothing is stored', async () => {
        const s = stream('dup-in-append');
        const e = event('Twice');
        await expect(store.append(s, [e, { ...e }], { expectedVersion: 'any' })).rejects.toThrow();
        expect(await store.readStream(s)).toEqual([]);
      });
    });

    describe('expected version', () => {
      it("given a stream, when appending with no-stream, then WrongExpectedVersionError names the stream and its actual version, and nothing is written", async () => {
        const s = stream('ev-nostream');
        await store.append(s, [event('A'), event('B')], { expectedVersion: 'no-stream' });
        const head = await store.headPosition();

        const error = await rejection(store.append(s, [event('C')], { expectedVersion: 'no-stream' }));
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        const wev = error as WrongExpectedVersionError;
        expect(wev.code).toBe('WRONG_EXPECTED_VERSION');
        expect(wev.streamId).toBe(s);
        expect(wev.expected).toBe('no-stream');
        expect(wev.actual).toBe(1);
        expect(await store.readStream(s)).toHaveLength(2);
        expect(await store.headPosition()).toBe(head);
      });

      it("given no stream or a stream, when appending with any, then both succeed", async () => {
        const s = stream('ev-any');
        expect((await store.append(s, [event('A')], { expectedVersion: 'any' })).nextExpectedVersion).toBe(0);
        expect((await store.append(s, [event('B'), event('C')], { expectedVersion: 'any' })).nextExpectedVersion).toBe(2);
      });

      it("given no stream, when appending with stream-exists, then it is refused with actual -1; given a stream, then it succeeds", async () => {
        const s = stream('ev-exists');
        const error = await rejection(store.append(s, [event('A')], { expectedVersion: 'stream-exists' }));
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect((error as WrongExpectedVersionError).actual).toBe(-1);
        expect((error as WrongExpectedVersionError).expected).toBe('stream-exists');
        expect(await store.readStream(s)).toEqual([]);

        await store.append(s, [event('A')], { expectedVersion: 'no-stream' });
        expect((await store.append(s, [event('B')], { expectedVersion: 'stream-exists' })).nextExpectedVersion).toBe(1);
      });

      it('given a stream at version 2, when appending with 2, then it succeeds; with a stale, a future or a no-stream number, then it is refused with the actual version', async () => {
        const s = stream('ev-exact');
        await store.append(s, [event('A'), event('B'), event('C')], { expectedVersion: 'no-stream' });
        const ok = await store.append(s, [event('D')], { expectedVersion: 2 });
        expect(ok.nextExpectedVersion).toBe(3);

        for (const wrong of [2, 0, 7, -1] as ExpectedVersion[]) {
          const error = await rejection(store.append(s, [event('X')], { expectedVersion: wrong }));
          expect(error).toBeInstanceOf(WrongExpectedVersionError);
          expect((error as WrongExpectedVersionError).code).toBe('WRONG_EXPECTED_VERSION');
          expect((error as WrongExpectedVersionError).actual).toBe(3);
          expect((error as WrongExpectedVersionError).expected).toBe(wrong);
        }
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
      });

      it('given no stream, when appending with an exact version 0, then it is refused with actual -1', async () => {
        const s = stream('ev-exact-missing');
        const error = await rejection(store.append(s, [event('A')], { expectedVersion: 0 }));
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect((error as WrongExpectedVersionError).actual).toBe(-1);
      });

      it('given appends racing on several streams, when one of them expects the wrong version, then only that one is refused', async () => {
        const streams = range(6).map(() => stream('ev-isolated'));
        const outcomes = await Promise.allSettled(
          streams.map((s, i) => store.append(s, [event('Raced', { i })], { expectedVersion: i === 3 ? 5 : 'no-stream' })),
        );
        outcomes.forEach((o, i) => expect(o.status).toBe(i === 3 ? 'rejected' : 'fulfilled'));
        expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
      });
    });

    describe('global log', () => {
      it('given appends to several streams, when reading all after the head, then every event comes once, in append order, with strictly increasing positions', async () => {
        const head = await store.headPosition();
        const [a, b] = [stream('all-a'), stream('all-b')];
        const written: AppendResult[] = [];
        written.push(await store.append(a, [event('A0'), event('A1')], { expectedVersion: 'no-stream' }));
        written.push(await store.append(b, [event('B0')], { expectedVersion: 'no-stream' }));
        written.push(await store.append(a, [event('A2')], { expectedVersion: 1 }));

        const all = await store.readAll({ after: head });
        expect(all.map((e) => e.type)).toEqual(['A0', 'A1', 'B0', 'A2']);
        expect(all).toEqual(written.flatMap((w) => w.events));
        expectStrictlyIncreasing(all);
        if (caps.contiguousPositions) expect(all.map((e) => e.globalPosition)).toEqual(range(4).map((i) => head + 1 + i));
        expect(await store.headPosition()).toBe(all[3].globalPosition);
        expect(written[2].lastGlobalPosition).toBe(all[3].globalPosition);
        expect(await store.readAll({ after: all[3].globalPosition })).toEqual([]);
      });

      it('given 12 events, when paging with after and maxCount, then the pages concatenate to exactly the whole', async () => {
        const head = await store.headPosition();
        const s = stream('paging');
        for (let i = 0; i < 4; i++) await store.append(s, range(3).map((j) => event('Paged', { n: i * 3 + j })), { expectedVersion: i === 0 ? 'no-stream' : i * 3 - 1 });
        const whole = await store.readAll({ after: head });
        expect(whole.map((e) => e.data.n)).toEqual(range(12));

        const pages: RecordedEvent[][] = [];
        for (let after = head; ; ) {
          const page = await store.readAll({ after, maxCount: 5 });
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(5);
          pages.push(page);
          after = page[page.length - 1].globalPosition;
        }
        expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
        expect(pages.flat()).toEqual(whole);
        expect(await store.readAll({ after: whole[4].globalPosition, maxCount: 1 })).toEqual([whole[5]]);
      });

      it('given the whole log, then globalPosition is strictly increasing' + (caps.contiguousPositions ? ' and contiguous from 1 to the head' : ' (not contiguous: EventStoreDB commit positions)'), async () => {
        const all = await store.readAll();
        expect(all.length).toBeGreaterThan(0);
        expectStrictlyIncreasing(all);
        if (caps.contiguousPositions) {
          expect(all.map((e) => e.globalPosition)).toEqual(range(all.length).map((i) => i + 1));
        }
        expect(await store.headPosition()).toBe(all[all.length - 1].globalPosition);
      });

      it('given event A and, later, event B, when reading as of A\'s recordedAt, then A is included and B is not', async () => {
        const head = await store.headPosition();
        const s = stream('asof');
        const a = (await store.append(s, [event('A')], { expectedVersion: 'no-stream' })).events[0];
        await sleep(15);
        const middle = new Date();
        await sleep(15);
        const b = (await store.append(s, [event('B')], { expectedVersion: 0 })).events[0];
        expect(Date.parse(b.recordedAt)).toBeGreaterThan(Date.parse(a.recordedAt));

        const asOfA = await store.readAll({ after: head, asOf: new Date(a.recordedAt) });
        expect(asOfA.map((e) => e.eventId)).toEqual([a.eventId]);
        expect((await store.readAll({ after: head, asOf: middle })).map((e) => e.eventId)).toEqual([a.eventId]);
        expect((await store.readAll({ after: head, asOf: new Date(b.recordedAt) })).map((e) => e.eventId)).toEqual([a.eventId, b.eventId]);
        expect(await store.readAll({ after: head, asOf: new Date(Date.parse(a.recordedAt) - 1) })).toEqual([]);
        expect(await store.readAll({ after: head, asOf: new Date(b.recordedAt), maxCount: 1 })).toEqual([asOfA[0]]);
      });
    });

    describe('several streams at once', () => {
      it('given events in three streams interleaved, when readStreams takes two of them, then it returns exactly theirs in global order; readStreamsAsJson the same events with data and metadata as text of the same values', async () => {
        // given
        const [a, b, c] = [stream('multi-a'), stream('multi-b'), stream('multi-c')];
        const data = { 线索: '国家卫生健康委员会 → 公安部', n: [0, -1.5, 1e21, 12345678901234], nested: { '键🔑': null, t: true }, quote: '"\\\n' };
        for (let i = 0; i < 3; i++) {
          for (const s of [a, b, c]) await store.append(s, [event(`E${i}`, { ...data, i }, meta({ legalBasis: i === 1 ? '《监察法》第三十四条' : undefined }))], { expectedVersion: i === 0 ? 'no-stream' : i - 1 });
        }
        // when
        if (!store.readStreams) return expect(store.readStreamsAsJson).toBeUndefined();
        const parsed = await store.readStreams([b, a, b], { raw: true });
        // then
        expect(parsed.map((e) => `${e.streamId === a ? 'a' : e.streamId === b ? 'b' : 'c'}${e.type}`)).toEqual(['aE0', 'bE0', 'aE1', 'bE1', 'aE2', 'bE2']);
        expect(parsed.map((e) => e.globalPosition)).toEqual([...parsed.map((e) => e.globalPosition)].sort((x, y) => x - y));
        expect(parsed[3].data).toEqual({ ...data, i: 1 });
        if (!store.readStreamsAsJson) return;
        const asJson = await store.readStreamsAsJson([b, a, b]);
        expect(asJson.map(({ dataJson, metadataJson, ...rest }) => ({ ...rest, data: JSON.parse(dataJson), metadata: JSON.parse(metadataJson) }))).toEqual(parsed);
      });
    });

    describe('concurrent writers', () => {
      const winnersPerVersion = async (writers: EventStore[], count: number) => {
        const s = stream('race');
        const wins: Array<{ writer: number; expected: ExpectedVersion; version: number }> = [];
        let conflicts = 0;
        await Promise.all(
          range(count).map(async (writer) => {
            const store = writers[writer % writers.length];
            const mine = event('WriterWon', { writer });
            let known = -1;
            for (let attempt = 0; attempt < 10 * count; attempt++) {
              const tail = await store.readStream(s, { fromPosition: Math.max(0, known) });
              known = tail.length > 0 ? tail[tail.length - 1].streamPosition : known;
              const expected: ExpectedVersion = known < 0 ? 'no-stream' : known;
              try {
                const result = await store.append(s, [mine], { expectedVersion: expected });
                wins.push({ writer, expected, version: result.nextExpectedVersion });
                return;
              } catch (error) {
                if (!(error instanceof WrongExpectedVersionError)) throw error;
                conflicts++;
              }
            }
            throw new Error(`writer ${writer} never won`);
          }),
        );

        // Exactly one winner per version, each right after the version it read.
        expect(wins.map((w) => w.version).sort((x, y) => x - y)).toEqual(range(count));
        for (const w of wins) expect(w.version).toBe(w.expected === 'no-stream' ? 0 : (w.expected as number) + 1);
        expect(conflicts).toBeGreaterThan(0);
        // The stream ends contiguous, every writer's event exactly once, where it won.
        const read = await store.readStream(s);
        expect(read.map((e) => e.streamPosition)).toEqual(range(count));
        expect(read.map((e) => e.data.writer).sort((x, y) => Number(x) - Number(y))).toEqual(range(count));
        const winnerAt = new Map(wins.map((w) => [w.version, w.writer]));
        for (const e of read) expect(e.data.writer).toBe(winnerAt.get(e.streamPosition));
      };

      it('given 50 writers on one stream, each appending with the version it read, then there is exactly one winner per version and the stream ends contiguous', async () => {
        await winnersPerVersion([store], 50);
      }, 120_000);

      if (caps.openPeer) {
        it('given 50 writers on one stream split over two independent store instances (processes), then still exactly one winner per version', async () => {
          const peer = await caps.openPeer!();
          try {
            await winnersPerVersion([store, peer.store], 50);
          } finally {
            await peer.close();
          }
        }, 120_000);
      }

      it('given 25 streams written concurrently, then the global log holds every event exactly once and each stream in order', async () => {
        const head = await store.headPosition();
        const streams = range(25).map(() => stream('many'));
        const ids = new Set<string>();
        await Promise.all(
          streams.map(async (s) => {
            for (let round = 0; round < 4; round++) {
              const events = [event('Many', { s, round, k: 0 }), event('Many', { s, round, k: 1 })];
              events.forEach((e) => ids.add(e.eventId));
              await store.append(s, events, { expectedVersion: round === 0 ? 'no-stream' : round * 2 - 1 });
            }
          }),
        );
        const all = (await store.readAll({ after: head })).filter((e) => streams.includes(e.streamId));
        expect(all).toHaveLength(200);
        expect(new Set(all.map((e) => e.eventId))).toEqual(ids);
        expectStrictlyIncreasing(all);
        if (caps.contiguousPositions) expect(all.map((e) => e.globalPosition)).toEqual(range(200).map((i) => head + 1 + i));
        for (const s of streams) expect(all.filter((e) => e.streamId === s).map((e) => e.streamPosition)).toEqual(range(8));
      }, 60_000);

      if (caps.openPeer) {
        it('given writers in two processes and a live subscriber, then the subscriber sees every event exactly once, in position order, without a gap', async () => {
          const peer = await caps.openPeer!();
          const head = await store.headPosition();
          const streams = range(16).map(() => stream('nogap'));
          const got = collect(store, head, (e) => streams.includes(e.streamId));
          try {
            await Promise.all(
              streams.map(async (s, i) => {
                const writer = i % 2 === 0 ? store : peer.store;
                for (let n = 0; n < 8; n++) await writer.append(s, [event('Tailed', { n })], { expectedVersion: 'any' });
              }),
            );
            await got.until(128, delivery);
            expectStrictlyIncreasing(got.events);
            expect(new Set(got.events.map((e) => e.eventId)).size).toBe(128);
            const log = (await store.readAll({ after: head })).filter((e) => streams.includes(e.streamId));
            expect(got.events.map((e) => e.eventId)).toEqual(log.map((e) => e.eventId));
            if (caps.contiguousPositions) {
              const all = await store.readAll({ after: head });
              expect(all.map((e) => e.globalPosition)).toEqual(range(all.length).map((i) => head + 1 + i));
            }
          } finally {
            await got.subscription.stop();
            await peer.close();
          }
        }, 60_000);
      }
    });

    describe('catch-up subscription', () => {
      it('given history, when subscribing and then appending, then the handler gets the history and then the live events, in order, once each', async () => {
        const head = await store.headPosition();
        const s = stream('sub');
        await store.append(s, [event('H0'), event('H1'), event('H2')], { expectedVersion: 'no-stream' });
        const got = collect(store, head, (e) => e.streamId === s);
        try {
          await got.until(3, delivery);
          await store.append(s, [event('L3')], { expectedVersion: 2 });
          await store.append(s, [event('L4'), event('L5')], { expectedVersion: 3 });
          await got.until(6, delivery);
          expect(got.events.map((e) => e.type)).toEqual(['H0', 'H1', 'H2', 'L3', 'L4', 'L5']);
          expect(got.events).toEqual(await store.readStream(s));
          expect(got.subscription.position).toBe(got.events[5].globalPosition);
        } finally {
          await got.subscription.stop();
        }
      });

      it('given a stopped subscription, when a new one starts after its position, then it gets exactly what followed: no duplicate, no gap', async () => {
        const head = await store.headPosition();
        const s = stream('resume');
        await store.append(s, range(4).map((i) => event('Before', { i })), { expectedVersion: 'no-stream' });
        const first = collect(store, head, (e) => e.streamId === s);
        await first.until(4, delivery);
        await first.subscription.stop();
        const stoppedAt = first.subscription.position;
        expect(stoppedAt).toBe(first.events[3].globalPosition);

        await store.append(s, range(4).map((i) => event('After', { i })), { expectedVersion: 3 });
        await sleep(100);
        expect(first.events).toHaveLength(4); // nothing after stop()

        const second = collect(store, stoppedAt, (e) => e.streamId === s);
        try {
          await second.until(4, delivery);
          await sleep(100);
          expect(second.events.map((e) => e.type)).toEqual(['After', 'After', 'After', 'After']);
          expect([...first.events, ...second.events]).toEqual(await store.readStream(s));
        } finally {
          await second.subscription.stop();
        }
      });

      it('given a handler that throws once, then the same batch is retried (at least once, nothing skipped) and onError hears of it', async () => {
        const head = await store.headPosition();
        const s = stream('retry');
        await store.append(s, range(5).map((i) => event('Retried', { i })), { expectedVersion: 'no-stream' });
        const attempts: string[][] = [];
        const accepted: RecordedEvent[] = [];
        const errors: unknown[] = [];
        let thrown = false;
        const subscription = store.subscribeToAll(
          async (batch) => {
            const mine = batch.filter((e) => e.streamId === s);
            if (mine.length === 0) return;
            attempts.push(mine.map((e) => e.eventId));
            if (!thrown) {
              thrown = true;
              throw new Error('handler failed once');
            }
            accepted.push(...mine);
          },
          { after: head, onError: (e) => errors.push(e) },
        );
        try {
          await waitFor(() => accepted.length >= 5, delivery, () => `accepted ${accepted.length}/5`);
          expect(errors).toHaveLength(1);
          expect((errors[0] as Error).message).toBe('handler failed once');
          // The retry starts with exactly the batch that failed.
          expect(attempts[1].slice(0, attempts[0].length)).toEqual(attempts[0]);
          expect(accepted).toEqual(await store.readStream(s));
        } finally {
          await subscription.stop();
        }
      });

      if (caps.openInterruptible) {
        it('given a live subscription, when every connection to the server drops (twice), then it carries on from the last delivered position: no duplicate, no gap', async () => {
          const other = await caps.openInterruptible!();
          const head = await store.headPosition();
          const s = stream('drop');
          const got = collect(other.store, head, (e) => e.streamId === s);
          try {
            let version: ExpectedVersion = 'no-stream';
            const write = async (n: number) => {
              for (let i = 0; i < n; i++) version = (await store.append(s, [event('Survived')], { expectedVersion: version })).nextExpectedVersion;
            };
            await write(5);
            await got.until(5, delivery);
            expect(await other.interrupt()).toBeGreaterThan(0);
            await write(5);
            await got.until(10, delivery);
            await write(3);
            expect(await other.interrupt()).toBeGreaterThan(0);
            await write(2);
            await got.until(15, delivery);
            await sleep(200);
            expect(got.events).toEqual(await store.readStream(s));
          } finally {
            await got.subscription.stop();
            await other.close();
          }
        }, 60_000);
      }
    });

    describe('payloads', () => {
      it('given a ~1 MB event, then it is stored and read back byte for byte (stream and global log)', async () => {
        const head = await store.headPosition();
        const s = stream('large');
        const unit = 'ab线索移交🚨'; // 18 UTF-8 bytes
        const blob = unit.repeat(55_000); // 990,000 bytes
        const big = event('EvidenceAttached', { blob, size: Buffer.byteLength(blob) });
        expect(Buffer.byteLength(JSON.stringify(big.data))).toBeGreaterThan(990_000);
        await store.append(s, [big], { expectedVersion: 'no-stream' });

        const [read] = await store.readStream(s);
        expect(read.data.blob === blob).toBe(true);
        expect(read.data).toEqual(big.data);
        const [fromAll] = (await store.readAll({ after: head })).filter((e) => e.streamId === s);
        expect(fromAll.data.blob === blob).toBe(true);
      }, 60_000);

      it('given CJK, emoji, combining marks and right-to-left text in data, keys, metadata and the stream id, then all of it round-trips unchanged (no normalisation)', async () => {
        const s = stream('线索移交-unicode');
        const data = {
          cjk: '线索移交：国家卫生健康委员会 → 公安部',
          emoji: '🚨👩🏽‍⚖️🇨🇳🧾',
          combining: 'e\u0301 A\u030A \u1100\u1161\u11A8 Z\u0335\u0321',
          precomposed: '\u00e9 \u00c5 \uAC01',
          rtl: 'مرحبا بالعالم — עברית \u202Eabc\u202C',
          astral: '𠀀𪚥',
          '键🔑': { 'ключ': 'значение', 'مفتاح': ['线', '🚨'] },
        };
        const metadata = meta({ actor: '张三（审查调查室）👮', legalBasis: '《中华人民共和国监察法》第三十四条' });
        const written = event('线索已移交', data, metadata);
        await store.append(s, [written], { expectedVersion: 'no-stream' });

        const [read] = await store.readStream(s);
        expect(read.streamId).toBe(s);
        expect(read.type).toBe('线索已移交');
        expect(read.data).toEqual(data);
        expect(read.metadata).toEqual(metadata);
        // Combining sequences are not normalised to their precomposed forms (or back).
        expect(read.data.combining).toBe(data.combining);
        expect((read.data.combining as string).length).toBe(data.combining.length);
        expect(read.data.precomposed).toBe(data.precomposed);
      });

      if (caps.nul === 'reject') {
        it('given a U+0000 in data, a key or metadata, then the append is refused with an error that names it, and nothing is stored', async () => {
          const s = stream('nul');
          const head = await store.headPosition();
          const cases: NewEvent[] = [
            event('Nul', { note: 'before\u0000after' }),
            event('Nul', { ['k\u0000ey']: 1 }),
            event('Nul', { ok: true }, meta({ actor: 'nul\u0000actor' })),
          ];
          for (const e of cases) {
            await expect(store.append(s, [e], { expectedVersion: 'any' })).rejects.toThrow(/unicode|\\u0000|0x00|NUL|U\+0000/i);
          }
          expect(await store.readStream(s)).toEqual([]);
          expect(await store.headPosition()).toBe(head);
          // The store still works.
          await store.append(s, [event('Fine')], { expectedVersion: 'no-stream' });
        });
      } else {
        it('given a U+0000 in data, a key or metadata, then it round-trips exactly', async () => {
          const s = stream('nul');
          const written = [event('Nul', { note: 'before\u0000after' }), event('Nul', { ['k\u0000ey']: 1 }), event('Nul', { ok: true }, meta({ actor: 'nul\u0000actor' }))];
          await store.append(s, written, { expectedVersion: 'no-stream' });
          const read = await store.readStream(s);
          read.forEach((r, i) => expectSameContent(r, written[i]));
        });
      }

      const unstorable: Array<[string, () => NewEvent[]]> = [
        ['the same event id twice', () => {
          const e = event('Twice');
          return [e, { ...e }];
        }],
        ['an event id that is not a UUID', () => [{ ...event('NotUuid'), eventId: 'not-a-uuid' }]],
      ];
      if (caps.nul === 'reject') unstorable.push(['a U+0000', () => [event('Nul', { note: '\u0000' })]]);
      for (const [what, bad] of unstorable) {
        it(`given an append it must refuse (${what}) racing with valid appends, then only that append fails (ADR 0002: a refused append does not fail the others)`, async () => {
          const streams = range(5).map(() => stream('poison'));
          const outcomes = await Promise.allSettled(
            streams.map((s, i) => store.append(s, i === 2 ? bad() : [event('Valid', { i })], { expectedVersion: 'no-stream' })),
          );
          const actual = outcomes.map((o) => (o.status === 'fulfilled' ? 'fulfilled' : `rejected: ${(o.reason as Error).message}`));
          expect(actual).toEqual(streams.map((_, i) => (i === 2 ? expect.stringMatching(/^rejected/) : 'fulfilled')));
          for (const [i, s] of streams.entries()) expect(await store.readStream(s)).toHaveLength(i === 2 ? 0 : 1);
        });
      }
    });

    describe('idempotent re-append', () => {
      it('given events appended, when the same ids are appended again to the same stream at the same place, then nothing is written and idempotentReplay is true', async () => {
        const s = stream('idem');
        const events = [event('Once', { n: 1 }), event('Once', { n: 2 })];
        const first = await store.append(s, events, { expectedVersion: 'no-stream' });
        const head = await store.headPosition();

        const again = await store.append(s, events, { expectedVersion: 'no-stream' });
        expect(again.idempotentReplay).toBe(true);
        expect(again.nextExpectedVersion).toBe(1);
        expect(again.lastGlobalPosition).toBe(first.lastGlobalPosition);
        expect(again.events).toEqual(first.events);
        expect(await store.readAll({ after: first.lastGlobalPosition })).toEqual([]);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(s)).toEqual(first.events);
      });

      it('given the stream moved on, when the first append is retried with its original expected version, then it is still a replay', async () => {
        const s = stream('idem-later');
        const events = [event('First')];
        const first = await store.append(s, events, { expectedVersion: 'no-stream' });
        await store.append(s, [event('Second')], { expectedVersion: 0 });
        const again = await store.append(s, events, { expectedVersion: 'no-stream' });
        expect(again.idempotentReplay).toBe(true);
        expect(again.events).toEqual(first.events);
        expect(await store.readStream(s)).toHaveLength(2);
      });

      it('given an append with any, when it is retried with any, then it is a replay', async () => {
        const s = stream('idem-any');
        await store.append(s, [event('Zero')], { expectedVersion: 'no-stream' });
        const events = [event('One'), event('Two')];
        const first = await store.append(s, events, { expectedVersion: 'any' });
        const again = await store.append(s, events, { expectedVersion: 'any' });
        expect(again.idempotentReplay).toBe(true);
        expect(again.events).toEqual(first.events);
        expect(await store.readStream(s)).toHaveLength(3);
      });

      it('given two identical appends racing, then the events are stored once and exactly one of them reports the write', async () => {
        const s = stream('idem-race');
        const events = [event('Raced'), event('Raced')];
        const results = await Promise.all([
          store.append(s, events, { expectedVersion: 'no-stream' }),
          store.append(s, events, { expectedVersion: 'no-stream' }),
        ]);
        expect(results.map((r) => r.idempotentReplay).sort()).toEqual([false, true]);
        expect(results[0].events).toEqual(results[1].events);
        expect(await store.readStream(s)).toHaveLength(2);
      });

      if (caps.globallyUniqueEventIds) {
        it('given an event id stored in one stream, when it is appended to another stream, then EventIdConflictError names it and nothing is written', async () => {
          const [s1, s2] = [stream('idem-x1'), stream('idem-x2')];
          const e = event('Elsewhere');
          await store.append(s1, [e], { expectedVersion: 'no-stream' });
          const error = await rejection(store.append(s2, [e], { expectedVersion: 'any' }));
          expect(error).toBeInstanceOf(EventIdConflictError);
          expect((error as EventIdConflictError).code).toBe('EVENT_ID_CONFLICT');
          expect((error as EventIdConflictError).eventId).toBe(e.eventId);
          expect(await store.readStream(s2)).toEqual([]);
        });
      } else {
        it('given an event id stored in one stream, when it is appended to another stream, then it is stored there too (ids are unique per stream only)', async () => {
          const [s1, s2] = [stream('idem-x1'), stream('idem-x2')];
          const e = event('Elsewhere');
          await store.append(s1, [e], { expectedVersion: 'no-stream' });
          const second = await store.append(s2, [e], { expectedVersion: 'any' });
          expect(second.idempotentReplay).toBe(false);
          expect((await store.readStream(s2)).map((x) => x.eventId)).toEqual([e.eventId]);
        });
      }

      it('given [a, b] stored, when [b, c] or [b, a] is appended, then EventIdConflictError and nothing is written', async () => {
        const s = stream('idem-overlap');
        const [a, b, c] = [event('A'), event('B'), event('C')];
        await store.append(s, [a, b], { expectedVersion: 'no-stream' });
        const head = await store.headPosition();

        for (const attempt of [[b, c], [b, a]]) {
          const error = await rejection(store.append(s, attempt, { expectedVersion: 'any' }));
          expect(error).toBeInstanceOf(EventIdConflictError);
          expect((error as EventIdConflictError).code).toBe('EVENT_ID_CONFLICT');
        }
        expect((await store.readStream(s)).map((e) => e.eventId)).toEqual([a.eventId, b.eventId]);
        expect(await store.headPosition()).toBe(head);
      });
    });

    if (caps.hashChain) {
      describe('hash chain', () => {
        it('given the whole global log, then the first prevHash is GENESIS, each prevHash is the hash before it, and every hash recomputes', async () => {
          const all = await store.readAll({ raw: true });
          expect(all.length).toBeGreaterThan(100);
          let prev = GENESIS_HASH;
          for (const e of all) {
            expect(e.prevHash).toBe(prev);
            const { prevHash: _p, hash: _h, ...content } = e;
            expect(chainHash(e.prevHash, content, caps.hashAlgorithm ?? 'sha256')).toBe(e.hash);
            prev = e.hash;
          }
        });

        it('given an event id in upper case, then it is stored and returned in lower case and its hash recomputes from what is stored', async () => {
          const s = stream('upper');
          const id = randomUUID().toUpperCase();
          const written = await store.append(s, [{ ...event('Upper'), eventId: id }], { expectedVersion: 'no-stream', waitForSeal: true });
          expect(written.events[0].eventId).toBe(id.toLowerCase());
          const [stored] = (await store.readAll({ after: written.lastGlobalPosition - 1, raw: true })).filter((e) => e.streamId === s);
          expect(stored.eventId).toBe(id.toLowerCase());
          const { prevHash: _p, hash: _h, ...content } = stored;
          expect(chainHash(stored.prevHash, content, caps.hashAlgorithm ?? 'sha256')).toBe(stored.hash);
        });

        it('given an append, then the chain fields it returns are those readStream and readAll return', async () => {
          const s = stream('chain');
          const before = await store.headPosition();
          const written = await store.append(s, [event('C0'), event('C1')], { expectedVersion: 'no-stream' });
          const [last] = (await store.readAll({ after: 0 })).filter((e) => e.globalPosition === before);
          expect(written.events[0].prevHash).toBe(last.hash);
          expect(written.events[1].prevHash).toBe(written.events[0].hash);
          expect(await store.readStream(s)).toEqual(written.events);
          expect(await store.readAll({ after: before })).toEqual(written.events);
        });
      });
    }
  });
}

// ── helpers ────────────────────────────────────────────────────────────────────────────────

export function meta(over: Partial<EventMetadata> = {}): EventMetadata {
  const causationId = uuidv7();
  return {
    department: 'samr:341300',
    actor: 'contract-suite',
    occurredAt: '2026-11-23T08:00:00.000Z',
    causationId,
    correlationId: causationId,
    ...over,
  };
}

export function event(type: string, data: Record<string, unknown> = {}, metadata: EventMetadata = meta()): NewEvent {
  return { eventId: uuidv7(), type, schemaVersion: 1, data, metadata };
}

function expectSameContent(read: RecordedEvent, written: NewEvent): void {
  expect(read.eventId).toBe(written.eventId);
  expect(read.type).toBe(written.type);
  expect(read.schemaVersion).toBe(written.schemaVersion);
  expect(read.data).toEqual(written.data);
  expect(read.metadata).toEqual(written.metadata);
}

function expectStrictlyIncreasing(events: RecordedEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    if (!(events[i].globalPosition > events[i - 1].globalPosition)) {
      throw new Error(`globalPosition not strictly increasing at index ${i}: ${events[i - 1].globalPosition} then ${events[i].globalPosition}`);
    }
  }
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

async function waitFor(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await sleep(10);
  }
}

/** Subscribes after `after` and collects the events that match, failing on a duplicate or a reordering. */
function collect(store: EventStore, after: number, keep: (e: RecordedEvent) => boolean) {
  const events: RecordedEvent[] = [];
  const seen = new Set<string>();
  const problems: string[] = [];
  const subscription: Subscription = store.subscribeToAll(
    async (batch) => {
      for (const e of batch) {
        if (!keep(e)) continue;
        if (seen.has(e.eventId)) problems.push(`duplicate ${e.eventId} at ${e.globalPosition}`);
        if (events.length > 0 && e.globalPosition <= events[events.length - 1].globalPosition) problems.push(`out of order at ${e.globalPosition}`);
        seen.add(e.eventId);
        events.push(e);
      }
    },
    { after },
  );
  return {
    events,
    subscription,
    until: async (count: number, timeoutMs: number) => {
      await waitFor(() => events.length >= count || problems.length > 0, timeoutMs, () => `received ${events.length}/${count}`);
      if (problems.length > 0) throw new Error(problems.join('; '));
      expect(events.length).toBe(count);
    },
  };
}
