/**
 * The relay under concurrent writers, on PostgreSQL and real Kafka: 20 writers × 1,000 appends,
 * each writer its own store instance and connection (as separate processes would be: within one
 * store, appends are group-committed), some of them slow to commit while holding their place in
 * the log. The relay tails the log meanwhile; a consumer reads `cluebus.events`.
 *
 * The pitfall this guards against: with positions handed out before commit (bigserial), a
 * reader sees position n+1 committed before a slow n and skips n forever. The store hands
 * positions out under the head-row lock, in commit order; this test is the proof:
 * every position 1..20,000 arrives, none is missing, and within each stream the order holds.
 *
 * It runs twice: with the head-row lock (inline, docs/adr/0002) and with the sealer (docs/adr/0009),
 * where appends commit concurrently — the slow writers hold their append's transaction open —
 * and one sealer in the relay's process assigns positions in commit order behind the xmin fence.
 */
import { v7 as uuidv7 } from 'uuid';
import type { NewEvent } from '@cluebus/contracts';
import { EventRelay, fromBusMessage, KafkaBus, SqlCheckpointStore, Topics } from '@cluebus/bus';
import { type ExpectedVersion, PostgresSqlClient, type SqlExecutor, SqlEventStore } from '@cluebus/eventstore';
import { DelegatingSqlClient } from '../support/delegating-sql-client';
import { getKafkaBrokers } from '../support/kafka/kafka-broker';
import { createTestDatabase } from '../support/postgres-database';

jest.setTimeout(600_000);

const WRITERS = 20;
const APPENDS = 1_000;
const TOTAL = WRITERS * APPENDS;
const SLOW_WRITERS = 4;
const SHARED_STREAMS = 10;

/** A SqlClient whose transactions pause before COMMIT, still holding their locks: a slow committer. */
class SlowCommitSqlClient extends DelegatingSqlClient {
  constructor(inner: PostgresSqlClient, private readonly maxDelayMs: number) {
    super(inner);
  }
  override query<R>(sql: string, params?: unknown[]) {
    return sql.includes('cluebus_append_pending') ? this.queryHeldOpen<R>(sql, params) : this.inner.query<R>(sql, params);
  }
  /** The sealer path's one-round-trip append is a plain query: held open here like any commit. */
  queryHeldOpen<R>(sql: string, params?: unknown[]) {
    return this.transaction((tx) => tx.query<R>(sql, params));
  }
  override transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.transaction(async (tx) => {
      const result = await fn(tx);
      await new Promise((r) => setTimeout(r, Math.random() * this.maxDelayMs));
      return result;
    });
  }
}

const probe = (writer: number, seq: number): NewEvent => ({
  eventId: uuidv7(),
  type: 'RelayProbe',
  schemaVersion: 1,
  data: { writer, seq },
  metadata: { department: 'nhc:341300', actor: `writer-${writer}`, occurredAt: new Date().toISOString(), causationId: uuidv7(), correlationId: uuidv7() },
});

describe.each(['inline', 'sealer'] as const)('relay under 20 concurrent writers on PostgreSQL and Kafka (sealing: %s)', (sealing) => {
  let db: { url: string; drop: () => Promise<void> };
  const closers: Array<() => Promise<unknown>> = [];

  beforeAll(async () => void (db = await createTestDatabase(`cluebus_relay_${sealing}`)));
  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await db?.drop();
  });

  it('given 20 writers × 1,000 appends (4 slow to commit) while the relay runs, when the all-events topic is read, then every position 1..20,000 arrives, none missing, stream order kept', async () => {
    // given: the relay and a reader of cluebus.events, both running before the writers start
    const namespace = `relay${Date.now().toString(36)}`;
    // With the sealer, the relay's process also runs the one sealer (as one department process holds its lease).
    const relayStore = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url, max: 3 }), { sealing, runSealer: sealing === 'sealer' });
    closers.push(() => relayStore.close());
    const relayBus = new KafkaBus({ brokers: getKafkaBrokers(), clientId: 'relay-concurrency-relay', namespace });
    closers.push(() => relayBus.close());
    await relayBus.ensureTopics([Topics.allEvents]);
    const readerBus = new KafkaBus({ brokers: getKafkaBrokers(), clientId: 'relay-concurrency-reader', namespace });
    closers.push(() => readerBus.close());

    let rawDeliveries = 0;
    const firstSeen = new Map<string, number>(); // eventId → global position
    const byStream = new Map<string, number[]>(); // stream → stream positions, in first-delivery order
    const byWriter = new Map<number, Array<[seq: number, position: number]>>();
    const sub = await readerBus.subscribe(Topics.allEvents, 'relay-concurrency-reader', async (message) => {
      rawDeliveries++;
      const e = fromBusMessage(message);
      if (firstSeen.has(e.eventId)) return; // at-least-once: a redelivery, counted above
      firstSeen.set(e.eventId, e.globalPosition);
      (byStream.get(e.streamId) ?? byStream.set(e.streamId, []).get(e.streamId)!).push(e.streamPosition);
      const { writer, seq } = e.data as { writer: number; seq: number };
      (byWriter.get(writer) ?? byWriter.set(writer, []).get(writer)!).push([seq, e.globalPosition]);
    });
    closers.push(() => sub.stop());
    const relay = new EventRelay(relayStore, relayBus, new SqlCheckpointStore(relayStore.sql), 'relay');
    await relay.start();
    closers.push(() => relay.stop());

    // when: 20 writers, each its own store and connection, append concurrently
    const writers = await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const client = new PostgresSqlClient({ connectionString: db.url, max: 1 });
        const store = await SqlEventStore.open(w < SLOW_WRITERS ? new SlowCommitSqlClient(client, 5) : client, { sealing });
        closers.push(() => store.close());
        return store;
      }),
    );
    const started = Date.now();
    await Promise.all(
      writers.map(async (store, w) => {
        const own = new Map<string, number>();
        for (let i = 0; i < APPENDS; i++) {
          // Even appends go to the writer's own streams (exact expected version); odd ones to
          // streams all writers share ('any': the store orders them under its lock).
          let stream: string;
          let expectedVersion: ExpectedVersion;
          if (i % 2 === 0) {
            stream = `probe-own-${w}-${(i / 2) % 5}`;
            expectedVersion = own.get(stream) ?? 'no-stream';
            own.set(stream, (own.get(stream) ?? -1) + 1);
          } else {
            stream = `probe-shared-${(i + w) % SHARED_STREAMS}`;
            expectedVersion = 'any';
          }
          await store.append(stream, [probe(w, i)], { expectedVersion });
        }
      }),
    );
    const appendMs = Date.now() - started;
    // With the sealer, appends return once committed; their positions follow within the seal lag.
    const sealDeadline = Date.now() + 120_000;
    while ((await relayStore.headPosition()) < TOTAL && Date.now() < sealDeadline) await new Promise((r) => setTimeout(r, 50));
    expect(await relayStore.headPosition()).toBe(TOTAL);

    // then: the reader gets every event
    const deadline = Date.now() + 180_000;
    while (firstSeen.size < TOTAL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const deliveredMs = Date.now() - started;
    console.log(
      `relay-concurrency (${sealing}): ${TOTAL} appends by ${WRITERS} writers in ${appendMs} ms; all delivered after ${deliveredMs} ms; ` +
        `raw deliveries ${rawDeliveries} (${rawDeliveries - firstSeen.size} redelivered, absorbed by event-id dedup)`,
    );
    expect(firstSeen.size).toBe(TOTAL);

    // every global position exactly once, and each is the position the store gave that event
    const positions = [...firstSeen.values()].sort((a, b) => a - b);
    expect(positions[0]).toBe(1);
    expect(positions[TOTAL - 1]).toBe(TOTAL);
    expect(new Set(positions).size).toBe(TOTAL);
    const stored = await relayStore.readAll({ maxCount: TOTAL + 1 });
    expect(stored).toHaveLength(TOTAL);
    const mismatched = stored.filter((e) => firstSeen.get(e.eventId) !== e.globalPosition);
    expect(mismatched).toEqual([]);

    // within each stream: 0, 1, 2, ... in delivery order (no reordering, no gap)
    expect(byStream.size).toBe(WRITERS * 5 + SHARED_STREAMS);
    for (const [stream, order] of byStream) {
      const expected = Array.from({ length: order.length }, (_, i) => i);
      expect({ stream, order }).toEqual({ stream, order: expected });
    }
    // each writer appended one after another: its events hold positions in that same order
    for (const [writer, pairs] of byWriter) {
      const seqs = pairs.sort((a, b) => a[1] - b[1]).map(([seq]) => seq);
      expect({ writer, seqs }).toEqual({ writer, seqs: Array.from({ length: APPENDS }, (_, i) => i) });
    }

    // the relay's checkpoint (stored beside the events) reached the head
    expect(await new SqlCheckpointStore(relayStore.sql).load('relay')).toBe(TOTAL);
  });
});
