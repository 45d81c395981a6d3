import { GENESIS_HASH, verifyLog } from '@cluebus/audit';
import { Client } from 'pg';
import { createTestDatabase } from '../../../../../test/support/postgres-database';
import { PostgresSqlClient } from '../../postgres/postgres-sql-client';
import { SqlEventStore } from '../sql-event-store';
import { appendPending } from './append-pending';
import { APPEND_PENDING_FUNCTION_SQL } from './append-pending-function';
import { PENDING_SCHEMA } from './pending-schema';
import { sealPendingBatch } from './seal-pending';
import { SealerLoop } from './sealer-loop';
import { WrongExpectedVersionError, EventIdConflictError } from '../../errors';
import { storeEvent } from '../../../../../test/fixtures/store-events';
import { sealAll, sealExactly } from '../../../../../test/support/seal-pending-events';

/**
 * The concurrent append path and the sealer of docs/adr/0009 on a real PostgreSQL: appends from
 * several pools commit without the global lock, the sealer stops before a transaction still
 * open (never skips it), and the sealed log is contiguous 1..n, each event once, one chain that
 * verify accepts.
 */

const event = storeEvent;

let db: { url: string; drop: () => Promise<void> };
let store: SqlEventStore;
const clients: PostgresSqlClient[] = [];
const client = () => {
  const c = new PostgresSqlClient({ connectionString: db.url, max: 4 });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  db = await createTestDatabase('cluebus_sealer');
  store = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url }));
  await store.sql.exec(PENDING_SCHEMA);
  await store.sql.exec(APPEND_PENDING_FUNCTION_SQL); // the one-round-trip path; refusals, replays and clashes fall back to the exact one
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await store?.close();
  await db?.drop();
});

/** Seals what earlier cases left pending, so a case starts from an empty queue. */
async function sealLeftovers(sql: PostgresSqlClient): Promise<void> {
  await sealExactly(sql, Number((await sql.query<{ n: string }>(`SELECT count(*) AS n FROM cluebus_pending`)).rows[0].n));
}

async function expectContiguousAndVerified(expectedCount: number): Promise<void> {
  const all = await store.readAll({ raw: true });
  expect(all.map((e) => e.globalPosition)).toEqual(Array.from({ length: expectedCount }, (_, i) => i + 1));
  expect(new Set(all.map((e) => e.eventId)).size).toBe(expectedCount);
  expect(all[0].prevHash).toBe(GENESIS_HASH);
  expect(verifyLog(all, [], { algorithm: 'sha256', publicKey: new Map() }).ok).toBe(true);
  expect(await store.headPosition()).toBe(expectedCount);
}

describe('concurrent appends and the sealer (ADR 0009)', () => {
  it('given 8 pools appending to their own streams concurrently, when sealed, then positions are 1..n, each event once, and the chain verifies', async () => {
    const pools = Array.from({ length: 8 }, client);
    await Promise.all(
      pools.map(async (sql, w) => {
        for (let i = 0; i < 25; i += 1) {
          await appendPending(sql, `clue-w${w}`, [event(i)], i === 0 ? 'no-stream' : i - 1);
        }
      }),
    );
    expect(await store.headPosition()).toBe(0); // nothing is readable by position before sealing
    expect((await sealExactly(client(), 200)).length).toBe(200);
    await expectContiguousAndVerified(200);
    const stream = await store.readStream('clue-w3');
    expect(stream.map((e) => e.streamPosition)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  }, 60_000);

  it('given an append transaction held open, when later appends commit, then the sealer stops before it and seals it (not skipped) once it commits', async () => {
    const sql = client();
    const before = await store.headPosition();
    await appendPending(sql, 'clue-early', [event(0)], 'no-stream');
    const held = new Client({ connectionString: db.url });
    await held.connect();
    await held.query('BEGIN');
    await held.query(
      `INSERT INTO cluebus_pending (stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at)
       VALUES ('clue-held', 0, $1, 'ClueRegistered', 1, '{}', $2, now())`,
      [crypto.randomUUID(), JSON.stringify(event(0).metadata)],
    );
    await appendPending(sql, 'clue-late', [event(1), event(2)], 'no-stream');

    const firstRound = (await sealExactly(client(), 1)).length;
    expect(firstRound).toBe(1); // clue-early only: the held transaction fences clue-late
    await new Promise((r) => setTimeout(r, 1500)); // held open for seconds: still nothing past it
    expect(await sealAll(client())).toHaveLength(0);

    await held.query('COMMIT');
    await held.end();
    expect((await sealExactly(client(), 3)).length).toBe(3);
    const sealed = await store.readAll({ after: before });
    expect(sealed.map((e) => e.streamId)).toEqual(['clue-early', 'clue-held', 'clue-late', 'clue-late']);
    await expectContiguousAndVerified(before + 4);
  }, 60_000);

  it('given a stream, when appending with a stale version, then it is refused exactly; when the same ids are appended again, then it is a replay; to another stream, a conflict', async () => {
    const sql = client();
    const first = [event(0), event(1)];
    await appendPending(sql, 'clue-occ', first, 'no-stream');
    await expect(appendPending(sql, 'clue-occ', [event(2)], 0)).rejects.toBeInstanceOf(WrongExpectedVersionError);
    const again = await appendPending(sql, 'clue-occ', first, 'no-stream');
    expect(again).toEqual({ nextExpectedVersion: 1, streamPositions: [0, 1], idempotentReplay: true });
    await expect(appendPending(sql, 'clue-other', [first[0]], 'no-stream')).rejects.toBeInstanceOf(EventIdConflictError);
    const { rows } = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM cluebus_pending WHERE stream_id IN ('clue-occ', 'clue-other')`);
    expect(Number(rows[0].n)).toBe(2);
  }, 60_000);

  it('given 20 writers racing on one stream with the version they read, then exactly one wins per version', async () => {
    const pools = Array.from({ length: 4 }, client);
    const wins: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, w) => {
        const sql = pools[w % pools.length];
        const r = await appendPending(sql, 'clue-race', [event(w)], 'any').catch(() => undefined);
        if (r) wins.push(r.nextExpectedVersion);
      }),
    );
    expect(wins.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  }, 60_000);

  it('given a batch whose transaction fails before commit (a lost lease), then nothing is sealed and the next sealer seals those events once', async () => {
    const sql = client();
    await sealLeftovers(sql);
    const before = await store.headPosition();
    await appendPending(sql, 'clue-abort', [event(0), event(1)], 'no-stream');
    await expect(sealPendingBatch(sql, 'sha256', { fence: async () => { throw new Error('lease lost'); } })).rejects.toThrow('lease lost');
    expect(await store.headPosition()).toBe(before);
    expect((await sealExactly(client(), 2)).length).toBe(2);
    await expectContiguousAndVerified(before + 2);
  }, 60_000);

  it('given a sealer loop stopped and another started, when appends continue, then every event is sealed once and positions stay contiguous', async () => {
    const sql = client();
    const before = await store.headPosition();
    const first = new SealerLoop(client(), { algorithm: 'sha256' });
    await first.start();
    for (let i = 0; i < 10; i += 1) await appendPending(sql, 'clue-restart', [event(i)], i === 0 ? 'no-stream' : i - 1);
    await first.stop();
    for (let i = 10; i < 20; i += 1) await appendPending(sql, 'clue-restart', [event(i)], i - 1);
    const second = new SealerLoop(client(), { algorithm: 'sha256' });
    await second.start();
    const deadline = Date.now() + 45_000; // the fence may wait on other sessions' transactions (sealExactly)
    while ((await store.headPosition()) < before + 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await second.stop();
    await expectContiguousAndVerified(before + 20);
  }, 60_000);

  it('given transactions whose ids have different numbers of digits (9, 10), when sealed one event per batch with a cursor, then they are sealed in transaction order and none is passed over', async () => {
    const sql = client();
    await sealLeftovers(sql);
    const before = await store.headPosition();
    // Rows as an appender before the content template queued them (data and metadata columns),
    // with the transaction ids set by hand: finished long ago, so below any snapshot's xmin.
    const [first, second] = [event(0), event(1)];
    for (const [txId, position, e] of [[10, 1, second], [9, 0, first]] as const) {
      await sql.query(
        `INSERT INTO cluebus_pending (tx_id, stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at)
         VALUES ($1::text::xid8, 'clue-digits', $2, $3, $4, 1, $5, $6, now())`,
        [String(txId), position, e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)],
      );
    }
    const cursor = {};
    const sealed = [...(await sealPendingBatch(sql, 'sha256', { maxEvents: 1, cursor })), ...(await sealPendingBatch(sql, 'sha256', { maxEvents: 1, cursor }))];
    expect(sealed.map((e) => [e.eventId, e.streamPosition, e.globalPosition])).toEqual([
      [first.eventId, 0, before + 1],
      [second.eventId, 1, before + 2],
    ]);
    await expectContiguousAndVerified(before + 2);
  }, 60_000);

  it('given events whose text has astral characters, escapes and nested position-like keys, when sealed, then every hash recomputes from what is stored', async () => {
    const sql = client();
    await sealLeftovers(sql);
    const before = await store.headPosition();
    const odd = [
      { ...event(0), data: { note: '😀 中 é "q" \\ \u2028', globalPosition: 0, nested: { streamPosition: 0, '😀': ['0'] } } },
      { ...event(1), data: { n: -0, big: 1e21, small: 5e-324, list: [0, '0', null, true] } },
    ];
    await appendPending(sql, 'clue-odd', odd, 'no-stream');
    expect(await sealExactly(sql, 2)).toHaveLength(2);
    await expectContiguousAndVerified(before + 2);
    expect((await store.readStream('clue-odd')).map((e) => e.data)).toEqual(odd.map((e) => JSON.parse(JSON.stringify(e.data))));
  }, 60_000);
});
