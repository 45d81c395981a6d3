import { Client } from 'pg';
import type { RecordedEvent } from '@cluebus/contracts';
import { chainHashFromBytes, eventContentBytes, generateSigningKeyPair, signCheckpoint, type Checkpoint, type LogVerifierState } from '@cluebus/audit';
import { APPEND_ONLY_SQLSTATE, PostgresSqlClient, SqlEventStore, type SqlExecutor } from '@cluebus/eventstore';
import { Checkpointer, readVerificationInputs, sqlLogReader, verifyStore, type LogHead, type VerifyStoreResult } from '@cluebus/eventstore/audit';
import { sampleEvents } from '../../libs/audit/test/sample-log';
import { seededRandom, type SeededRandom } from '../../libs/audit/test/seeded-random';
import { forgedEvent, insertedRowFirstBad, withEditedPayload } from '../../libs/audit/test/tamperings';
import { createTestDatabase } from '../support/postgres-database';

// A verify from scratch reads 10,025 events (≈1.2 s alone); beside the rest of the e2e suite on 2 cores it has taken over 5 s. Detection is asserted, not time.
jest.setTimeout(60_000);

/**
 * Acceptance 2 of issue #5 and 3 of issue #10 against the REAL stored log: 10,000 events appended
 * through the store on PostgreSQL and checkpointed every 1,000, then 25 more that no checkpoint
 * covers yet (the tail: only the hash chain and the store's head vouch for them). Each tampering
 * is applied with SQL inside a transaction, verified through that transaction, and rolled back,
 * so each starts from the clean log.
 *
 * The log is append-only (docs/adr/0007): a plain UPDATE, DELETE or TRUNCATE is refused by a
 * trigger, also under session_replication_role = replica. The attacker here is the tables'
 * owner (a superuser): each tampering first switches the triggers off in its transaction
 * (ALTER TABLE … DISABLE TRIGGER USER) — a service role cannot even do that
 * (libs/eventstore/src/sql/roles.int.spec.ts).
 *
 * 1. Named cases, each verified from scratch with what POST /v1/audit/verify reads (the
 *    checkpoints and the head as stored): an edit of every column of the events table, rows
 *    inserted and deleted in the middle, edits of the checkpoint table, and the tail.
 * 2. 1,000 seeded random tamperings, verified incrementally from the trusted state the clean run
 *    saved at the last checkpoint before the first touched row, and 50 more from scratch.
 * 3. What the store alone cannot tell — a rewritten tail with a recomputed head, a truncated
 *    tail, checkpoints deleted before a rewrite — and that a verifier which kept the head or the
 *    checkpoints outside the database does.
 */

const LOG_SIZE = 10_000;
const EVERY = 1_000;
const TAIL = 25;
const HEAD = LOG_SIZE + TAIL;
const TAMPERINGS = 1_000;
const FROM_SCRATCH = 50;
/** Random inserts and renumbered deletes are drawn from the last this many positions. */
const RENUMBERED = 2_000;
/**
 * A random run stops drawing after this long and fails, rather than run on past jest's timeout
 * into the next test on the same connection.
 */
const RUN_BUDGET_MS = 540_000;

/** What is appended, in order (deterministic: the cases below are planned from it). */
const PLANNED = sampleEvents(HEAD, { seed: 2026 });

/** The owner switches the append-only triggers off for its transaction (rolled back with it). */
const AS_OWNER = [`ALTER TABLE cluebus_events DISABLE TRIGGER USER`, `ALTER TABLE cluebus_log_checkpoints DISABLE TRIGGER USER`];

const KINDS = [
  'payload-byte', //      one character of a string in the payload (data) changed
  'delete-row', //        one row deleted
  'swap-rows', //         two rows exchange places in the log (their global positions swapped)
  'timestamp', //         recorded_at or metadata.occurredAt moved
  'hash-rewritten', //    the hash or prev_hash column overwritten
  'rechained', //         a payload edit below the last checkpoint, every later hash recomputed and the head moved: only a checkpoint can tell
  'column-edit', //       stream_id, stream_position, event_id, type, schema_version, metadata changed, or the row moved to a free position
  'insert-row', //        a forged event, chained to the one before, inserted; every later row renumbered and the head moved
  'delete-renumber', //   one row deleted, every later row renumbered and the head moved back
  'below-precision', //   recorded_at moved by 1 µs, or a number changed below what a double holds
] as const;
type Kind = (typeof KINDS)[number];

interface Planned {
  kind: Kind | 'named';
  description: string;
  firstTouched: number;
  expectedFirstBad: number;
  apply: (tx: SqlExecutor) => Promise<void>;
}

const numberKeyOf = (e: { data: Record<string, unknown> }): string | undefined => Object.keys(e.data).find((key) => typeof e.data[key] === 'number');
/** Positions whose payload holds a top-level number (amountYuan, recoveredYuan). */
const WITH_NUMBER = PLANNED.filter((e) => numberKeyOf(e) !== undefined).map((e) => e.globalPosition);
const withNumberFrom = (k: number): number => WITH_NUMBER.find((p) => p >= k)!;
/** The same double, written with more digits than it holds: jsonb keeps them, a driver's JSON.parse drops them. */
const beyondPrecision = (v: number): string => `${String(v)}${String(v).includes('.') ? '' : '.'}000000000000000001`;

describe('tamper detection on the stored log (PostgreSQL, 10,000 checkpointed events and a tail of 25)', () => {
  const key = generateSigningKeyPair();
  const keys = new Map([[key.keyId, key.publicKey]]);
  let drop: () => Promise<void>;
  let store: SqlEventStore;
  let client: Client;
  let log: RecordedEvent[];
  /** Read before any tampering and kept here, as a department keeps what it was handed. */
  let checkpoints: Checkpoint[];
  let head: LogHead;
  /** Trusted verifier states saved by the clean run, by checkpoint size. */
  const trusted = new Map<number, LogVerifierState>();
  const contentBytes: Buffer[] = [];

  const appendAll = (events: typeof PLANNED) =>
    Promise.all(
      // Through the store: concurrent appends, grouped and chained by the store in submission order.
      events.map((e) =>
        store.append(e.streamId, [{ eventId: crypto.randomUUID(), type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata }], {
          expectedVersion: e.streamPosition === 0 ? 'no-stream' : e.streamPosition - 1,
        }),
      ),
    );

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    store = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url }));
    await appendAll(PLANNED.slice(0, LOG_SIZE));
    const checkpointer = await Checkpointer.start(store.sql, { signingKey: key, every: EVERY, intervalMs: 0 }, false);
    await checkpointer.checkpointNow();
    await checkpointer.stop();
    await appendAll(PLANNED.slice(LOG_SIZE)); // the tail, after the last checkpoint
    log = await store.readAll({ raw: true });
    ({ checkpoints, head } = await readVerificationInputs(store.sql));
    client = new Client({ connectionString: db.url });
    await client.connect();
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await store?.close();
    await drop?.();
  });

  const inTransaction = (): SqlExecutor => ({ query: (sql, params) => client.query(sql, params as unknown[]) as never });
  const at = (k: number) => log[k - 1];
  const bytesAt = (p: number) => (contentBytes[p - 1] ??= eventContentBytes(at(p)));
  const q = (tx: SqlExecutor, sql: string, params?: unknown[]) => tx.query(sql, params).then(() => undefined);

  it('given the untouched log, when it is verified from scratch, then it is clean: 10 checkpoints, and the tail up to the head by the chain', async () => {
    expect(log).toHaveLength(HEAD);
    expect(head.globalPosition).toBe(HEAD);
    expect(checkpoints.map((c) => c.treeSize)).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * EVERY));
    const result = await verifyStore(store, checkpoints, { publicKeys: keys, head, onCheckpointVerified: (s) => trusted.set(s.verifiedThrough, s) });
    expect(result).toMatchObject({ ok: true, checked: HEAD, provenThrough: LOG_SIZE, checkpointsVerified: 10, headPosition: HEAD });
    expect([...trusted.keys()]).toEqual(checkpoints.map((c) => c.treeSize));
    // The exact reader (what the checkpointer and POST /verify use) reads honest rows as the store does.
    expect(await verifyStore(sqlLogReader(store.sql), checkpoints, { publicKeys: keys, head })).toMatchObject({ ok: true, checked: HEAD });
    console.log(`clean verify of ${HEAD} events from PostgreSQL: ${result.elapsedMs} ms`);
  });

  describe('given the append-only triggers, when the log is changed with plain SQL, then the database refuses', () => {
    const refusal = async (statements: string[]): Promise<{ code?: string; message: string }> => {
      await client.query('BEGIN');
      try {
        for (const s of statements) await client.query(s);
      } catch (error) {
        return error as { code?: string; message: string };
      } finally {
        await client.query('ROLLBACK');
      }
      throw new Error(`not refused: ${statements.join('; ')}`);
    };

    it.each([
      [`UPDATE cluebus_events SET data = jsonb_set(data, '{summary}', '"改过的摘要"') WHERE global_position = 39`, 'cluebus_events is append-only: UPDATE refused'],
      [`DELETE FROM cluebus_events WHERE global_position = 39`, 'cluebus_events is append-only: DELETE refused'],
      [`TRUNCATE cluebus_events`, 'cluebus_events is append-only: TRUNCATE refused'],
      [`UPDATE cluebus_log_checkpoints SET root_hash = repeat('ab', 32) WHERE tree_size = 5000`, 'cluebus_log_checkpoints is append-only: UPDATE refused'],
      [`DELETE FROM cluebus_log_checkpoints WHERE tree_size >= 5000`, 'cluebus_log_checkpoints is append-only: DELETE refused'],
    ])('%s → %s (SQLSTATE 23001), even as superuser and with session_replication_role = replica', async (statement, message) => {
      for (const prelude of [[], [`SET LOCAL session_replication_role = replica`]]) {
        const error = await refusal([...prelude, statement]);
        expect(error.code).toBe(APPEND_ONLY_SQLSTATE);
        expect(error.message).toBe(message);
      }
    });

    it('and the triggers fire ALWAYS on both tables', async () => {
      const { rows } = await client.query(
        `SELECT tgrelid::regclass::text AS table, tgname, tgenabled FROM pg_trigger WHERE tgrelid IN ('cluebus_events'::regclass, 'cluebus_log_checkpoints'::regclass) ORDER BY 1, 2`,
      );
      expect(rows).toEqual([
        { table: 'cluebus_events', tgname: 'cluebus_events_append_only', tgenabled: 'A' },
        { table: 'cluebus_events', tgname: 'cluebus_events_no_truncate', tgenabled: 'A' },
        { table: 'cluebus_log_checkpoints', tgname: 'cluebus_log_checkpoints_append_only', tgenabled: 'A' },
        { table: 'cluebus_log_checkpoints', tgname: 'cluebus_log_checkpoints_no_truncate', tgenabled: 'A' },
      ]);
    });
  });

  // ---------------------------------------------------------------------------------------------
  // Building blocks of the tamperings (all in the attacker's transaction).

  /** Every row from `from` on moves by `by` (+1 or −1), through negative positions: the key is checked row by row. */
  const shiftFrom = async (tx: SqlExecutor, from: number, by: 1 | -1) => {
    await q(tx, `UPDATE cluebus_events SET global_position = -(global_position + $2) WHERE global_position >= $1`, [from, by]);
    await q(tx, `UPDATE cluebus_events SET global_position = -global_position WHERE global_position < 0`);
  };
  const moveHead = (tx: SqlExecutor, position: number, hash?: string) =>
    q(tx, `UPDATE cluebus_log_head SET global_position = $1, hash = coalesce($2, hash) WHERE id = 1`, [position, hash ?? null]);
  const insertRow = (tx: SqlExecutor, e: RecordedEvent) =>
    q(
      tx,
      `INSERT INTO cluebus_events (global_position, stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11)`,
      [e.globalPosition, e.streamId, e.streamPosition, e.eventId, e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata), e.recordedAt, e.prevHash, e.hash],
    );
  /** Rewrites hashes k..HEAD over the content of k given (later ones unchanged); returns the new last hash. */
  const rechain = async (tx: SqlExecutor, k: number, contentAtK: Buffer): Promise<string> => {
    const positions: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    let prev = at(k).prevHash;
    for (let p = k; p <= HEAD; p++) {
      const hash = chainHashFromBytes(prev, p === k ? contentAtK : bytesAt(p), 'sha256');
      positions.push(p);
      prevs.push(prev);
      hashes.push(hash);
      prev = hash;
    }
    await q(
      tx,
      `UPDATE cluebus_events e SET prev_hash = v.prev, hash = v.hash
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(gp, prev, hash) WHERE e.global_position = v.gp`,
      [positions, prevs, hashes],
    );
    return prev;
  };
  const editData = (tx: SqlExecutor, k: number, data: unknown) => q(tx, `UPDATE cluebus_events SET data = $1::jsonb WHERE global_position = $2`, [JSON.stringify(data), k]);
  const setNumber = (tx: SqlExecutor, k: number, literal: string) =>
    q(tx, `UPDATE cluebus_events SET data = jsonb_set(data, $1::text[], $2::jsonb) WHERE global_position = $3`, [[numberKeyOf(at(k))!], literal, k]);

  // ---------------------------------------------------------------------------------------------
  // 1. Named cases.

  const M = 4_321; // in the middle, between checkpoints 4,000 and 5,000
  const N = withNumberFrom(M); // the first event from M on with a number in its payload
  const T = 10_010; // in the tail
  const rnd = () => seededRandom(77);

  interface Named {
    name: string;
    apply: (tx: SqlExecutor) => Promise<void>;
    /** The position verify must name, or the checkpoint it must name as bad. */
    firstBad?: number;
    badCheckpoint?: number;
    reason: RegExp;
  }

  const eventColumnCases: Named[] = [
    { name: `global_position: row ${M} moved to a free position past the head`, firstBad: M, reason: /position 4321 is missing/, apply: (tx) => q(tx, `UPDATE cluebus_events SET global_position = $1 WHERE global_position = $2`, [HEAD + 500, M]) },
    {
      name: `global_position: rows ${M} and ${M + 1} swapped`,
      firstBad: M,
      reason: /missing|duplicate or out of order|does not link/,
      apply: async (tx) => {
        await q(tx, `UPDATE cluebus_events SET global_position = -1 WHERE global_position = $1`, [M]);
        await q(tx, `UPDATE cluebus_events SET global_position = $1 WHERE global_position = $2`, [M, M + 1]);
        await q(tx, `UPDATE cluebus_events SET global_position = $1 WHERE global_position = -1`, [M + 1]);
      },
    },
    { name: 'stream_id', firstBad: M, reason: /does not match its content/, apply: (tx) => q(tx, `UPDATE cluebus_events SET stream_id = stream_id || '-x' WHERE global_position = $1`, [M]) },
    { name: 'stream_position (the stream version)', firstBad: M, reason: /does not match its content/, apply: (tx) => q(tx, `UPDATE cluebus_events SET stream_position = stream_position + 1000 WHERE global_position = $1`, [M]) },
    { name: 'event_id', firstBad: M, reason: /does not match its content/, apply: (tx) => q(tx, `UPDATE cluebus_events SET event_id = $1 WHERE global_position = $2`, [crypto.randomUUID(), M]) },
    { name: 'type', firstBad: M, reason: /does not match its content/, apply: (tx) => q(tx, `UPDATE cluebus_events SET type = 'ClueClosed' WHERE global_position = $1`, [M]) },
    { name: 'schema_version', firstBad: M, reason: /does not match its content/, apply: (tx) => q(tx, `UPDATE cluebus_events SET schema_version = schema_version + 1 WHERE global_position = $1`, [M]) },
    { name: 'data: one character of a string', firstBad: M, reason: /does not match its content/, apply: (tx) => editData(tx, M, withEditedPayload(at(M), rnd()).event.data) },
    { name: 'data: a key added', firstBad: M, reason: /does not match its content/, apply: (tx) => q(tx, `UPDATE cluebus_events SET data = data || '{"note": "补录"}' WHERE global_position = $1`, [M]) },
    { name: `data: a number changed (position ${N})`, firstBad: N, reason: /does not match its content/, apply: (tx) => setNumber(tx, N, String((at(N).data[numberKeyOf(at(N))!] as number) + 1)) },
    {
      name: `data: a number given digits below double precision, the same double (position ${N})`,
      firstBad: N,
      reason: /does not match its content/,
      apply: (tx) => setNumber(tx, N, beyondPrecision(at(N).data[numberKeyOf(at(N))!] as number)),
    },
    {
      name: `data: a number given a trailing zero, the same value (position ${N})`,
      firstBad: N,
      reason: /does not match its content/,
      apply: (tx) => {
        const v = String(at(N).data[numberKeyOf(at(N))!]);
        return setNumber(tx, N, v.includes('.') ? `${v}0` : `${v}.0`);
      },
    },
    { name: 'metadata: the actor', firstBad: M, reason: /does not match its content/, apply: (tx) => q(tx, `UPDATE cluebus_events SET metadata = jsonb_set(metadata, '{actor}', '"samr-clerk-999"') WHERE global_position = $1`, [M]) },
    {
      name: 'metadata: occurredAt moved by 1 ms',
      firstBad: M,
      reason: /does not match its content/,
      apply: (tx) =>
        q(tx, `UPDATE cluebus_events SET metadata = jsonb_set(metadata, '{occurredAt}', to_jsonb($1::text)) WHERE global_position = $2`, [
          new Date(Date.parse(at(M).metadata.occurredAt) + 1).toISOString(),
          M,
        ]),
    },
    { name: 'recorded_at moved by 1 ms', firstBad: M, reason: /does not match its content/, apply: (tx) => q(tx, `UPDATE cluebus_events SET recorded_at = recorded_at + interval '1 millisecond' WHERE global_position = $1`, [M]) },
    { name: 'recorded_at moved by 1 µs (below what a Date holds)', firstBad: M, reason: /does not match its content/, apply: (tx) => q(tx, `UPDATE cluebus_events SET recorded_at = recorded_at + interval '1 microsecond' WHERE global_position = $1`, [M]) },
    { name: 'recorded_at set to infinity', firstBad: M, reason: /does not match its content/, apply: (tx) => q(tx, `UPDATE cluebus_events SET recorded_at = 'infinity' WHERE global_position = $1`, [M]) },
    { name: 'prev_hash overwritten', firstBad: M, reason: /prevHash does not link to the hash of position 4320/, apply: (tx) => q(tx, `UPDATE cluebus_events SET prev_hash = repeat('ab', 32) WHERE global_position = $1`, [M]) },
    { name: 'hash overwritten', firstBad: M, reason: /hash of position 4321 does not match its content/, apply: (tx) => q(tx, `UPDATE cluebus_events SET hash = repeat('cd', 32) WHERE global_position = $1`, [M]) },
    { name: 'hash rewritten in upper case (the same bytes)', firstBad: M, reason: /does not match its content/, apply: (tx) => q(tx, `UPDATE cluebus_events SET hash = upper(hash) WHERE global_position = $1`, [M]) },
    { name: 'prev_hash rewritten in upper case (the same bytes)', firstBad: M, reason: /does not link/, apply: (tx) => q(tx, `UPDATE cluebus_events SET prev_hash = upper(prev_hash) WHERE global_position = $1`, [M]) },
  ];

  const rowCases: Named[] = [
    {
      name: `a forged event inserted at ${M}, chained to ${M - 1}; later rows renumbered, head moved`,
      firstBad: insertedRowFirstBad(M, [...Array(10)].map((_, i) => (i + 1) * EVERY)),
      reason: /position 4322: prevHash does not link to the hash of position 4321|prevHash does not link to the hash of position 4321/,
      apply: async (tx) => {
        await shiftFrom(tx, M, 1);
        await insertRow(tx, forgedEvent(log, M, rnd(), 'sha256'));
        await moveHead(tx, HEAD + 1);
      },
    },
    {
      name: 'a forged event inserted at 3,000, exactly a checkpoint size: the checkpoint catches it first',
      firstBad: 2_001,
      reason: /checkpoint of size 3000 .* does not match the events/,
      apply: async (tx) => {
        await shiftFrom(tx, 3_000, 1);
        await insertRow(tx, forgedEvent(log, 3_000, rnd(), 'sha256'));
        await moveHead(tx, HEAD + 1);
      },
    },
    {
      name: `a row that does not chain inserted at ${M}; later rows renumbered`,
      firstBad: M,
      reason: /does not match its content/,
      apply: async (tx) => {
        await shiftFrom(tx, M, 1);
        await insertRow(tx, { ...forgedEvent(log, M, rnd(), 'sha256'), hash: 'ef'.repeat(32) });
      },
    },
    { name: `row ${M} deleted`, firstBad: M, reason: /position 4321 is missing/, apply: (tx) => q(tx, `DELETE FROM cluebus_events WHERE global_position = $1`, [M]) },
    {
      name: `row ${M} deleted, later rows renumbered, head moved back`,
      firstBad: M,
      reason: /prevHash does not link to the hash of position 4320/,
      apply: async (tx) => {
        await q(tx, `DELETE FROM cluebus_events WHERE global_position = $1`, [M]);
        await shiftFrom(tx, M + 1, -1);
        await moveHead(tx, HEAD - 1);
      },
    },
    { name: 'the first row deleted', firstBad: 1, reason: /position 1 is missing/, apply: (tx) => q(tx, `DELETE FROM cluebus_events WHERE global_position = 1`) },
    { name: 'TRUNCATE of the events', firstBad: 1, reason: /ends at position 0|missing/, apply: (tx) => q(tx, `TRUNCATE cluebus_events`) },
  ];

  const tailCases: Named[] = [
    { name: `tail: data of ${T} edited`, firstBad: T, reason: /does not match its content/, apply: (tx) => editData(tx, T, withEditedPayload(at(T), rnd()).event.data) },
    { name: `tail: recorded_at of ${T} moved by 1 µs`, firstBad: T, reason: /does not match its content/, apply: (tx) => q(tx, `UPDATE cluebus_events SET recorded_at = recorded_at + interval '1 microsecond' WHERE global_position = $1`, [T]) },
    { name: `tail: row ${T} deleted`, firstBad: T, reason: /position 10010 is missing/, apply: (tx) => q(tx, `DELETE FROM cluebus_events WHERE global_position = $1`, [T]) },
    { name: `tail: the last row (${HEAD}) deleted, head untouched`, firstBad: HEAD, reason: /head records 10025 events but the log ends at position 10024/, apply: (tx) => q(tx, `DELETE FROM cluebus_events WHERE global_position = $1`, [HEAD]) },
    {
      name: `tail: a forged event inserted at ${T}, chained; later rows renumbered, head moved`,
      firstBad: T + 1,
      reason: /prevHash does not link to the hash of position 10010/,
      apply: async (tx) => {
        await shiftFrom(tx, T, 1);
        await insertRow(tx, forgedEvent(log, T, rnd(), 'sha256'));
        await moveHead(tx, HEAD + 1);
      },
    },
    {
      name: `tail: ${T} edited and ${T}..${HEAD} rechained, the head left as it was`,
      firstBad: LOG_SIZE + 1,
      reason: /positions 10001\.\.10025 were rewritten with a recomputed chain/,
      apply: async (tx) => {
        const { event } = withEditedPayload(at(T), rnd());
        await editData(tx, T, event.data);
        await rechain(tx, T, eventContentBytes(event));
      },
    },
    { name: "tail: the head's hash overwritten", firstBad: LOG_SIZE + 1, reason: /not the one the store's head recorded/, apply: (tx) => moveHead(tx, HEAD, 'ab'.repeat(32)) },
    { name: 'tail: the head moved past the last row', firstBad: HEAD + 1, reason: /head records 10030 events but the log ends at position 10025/, apply: (tx) => moveHead(tx, HEAD + 5) },
  ];

  const checkpointCases: Named[] = [
    { name: 'checkpoint 5,000: root_hash', badCheckpoint: 5_000, reason: /checkpoint of size 5000: signature is not valid/, apply: (tx) => q(tx, `UPDATE cluebus_log_checkpoints SET root_hash = repeat('ab', 32) WHERE tree_size = 5000`) },
    { name: 'checkpoint 5,000: tree_size (now 5,001)', badCheckpoint: 5_001, reason: /checkpoint of size 5001: signature is not valid/, apply: (tx) => q(tx, `UPDATE cluebus_log_checkpoints SET tree_size = 5001 WHERE tree_size = 5000`) },
    {
      name: 'checkpoint 5,000: signature (one bit)',
      badCheckpoint: 5_000,
      reason: /checkpoint of size 5000: signature is not valid/,
      apply: (tx) => {
        const sig = Buffer.from(checkpoints[4].signature, 'base64');
        sig[10] ^= 0x01;
        return q(tx, `UPDATE cluebus_log_checkpoints SET signature = $1 WHERE tree_size = 5000`, [sig.toString('base64')]);
      },
    },
    { name: 'checkpoint 5,000: issued_at', badCheckpoint: 5_000, reason: /checkpoint of size 5000: signature is not valid/, apply: (tx) => q(tx, `UPDATE cluebus_log_checkpoints SET issued_at = '2020-01-01T00:00:00.000Z' WHERE tree_size = 5000`) },
    { name: 'checkpoint 5,000: key_id', badCheckpoint: 5_000, reason: /checkpoint of size 5000: no public key for key id/, apply: (tx) => q(tx, `UPDATE cluebus_log_checkpoints SET key_id = 'ffffffffffffffff' WHERE tree_size = 5000`) },
    { name: 'checkpoint 5,000: algorithm', badCheckpoint: 5_000, reason: /checkpoint of size 5000 uses sm3, the log sha256/, apply: (tx) => q(tx, `UPDATE cluebus_log_checkpoints SET algorithm = 'sm3' WHERE tree_size = 5000`) },
    {
      name: 'a checkpoint over the tail (10,020) added, signed with a key nobody trusts',
      badCheckpoint: 10_020,
      reason: /checkpoint of size 10020: no public key/,
      apply: (tx) => {
        const stranger = generateSigningKeyPair();
        const cp = signCheckpoint({ treeSize: 10_020, rootHash: 'ab'.repeat(32), algorithm: 'sha256', issuedAt: new Date().toISOString(), keyId: stranger.keyId }, stranger.privateKey);
        return q(tx, `INSERT INTO cluebus_log_checkpoints (tree_size, root_hash, algorithm, issued_at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6)`, [
          cp.treeSize,
          cp.rootHash,
          cp.algorithm,
          cp.issuedAt,
          cp.keyId,
          cp.signature,
        ]);
      },
    },
  ];

  /** Applies one tampering as the owner, verifies what that transaction sees, rolls back. */
  async function inAttackersTransaction<R>(apply: (tx: SqlExecutor) => Promise<void>, verify: (tx: SqlExecutor) => Promise<R>): Promise<R> {
    await client.query('BEGIN');
    try {
      const tx = inTransaction();
      for (const s of AS_OWNER) await tx.query(s);
      await apply(tx);
      return await verify(tx);
    } finally {
      await client.query('ROLLBACK');
    }
  }

  /** verify as POST /v1/audit/verify does it: the checkpoints and the head as stored, then the log. */
  const verifyAsStored = async (tx: SqlExecutor): Promise<VerifyStoreResult> => {
    const inputs = await readVerificationInputs(tx);
    return verifyStore(sqlLogReader(tx), inputs.checkpoints, { publicKeys: keys, head: inputs.head });
  };

  describe.each([
    ['every column of the events table', eventColumnCases],
    ['rows inserted and deleted', rowCases],
    ['the tail after the last checkpoint (chain and head)', tailCases],
    ['the checkpoint table', checkpointCases],
  ] as const)('given one named tampering of %s, when the store is verified from scratch, then it is found where it is', (_group, cases) => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const result = await inAttackersTransaction(c.apply, verifyAsStored);
      expect(result.ok).toBe(false);
      expect(result.reason).toMatch(c.reason);
      if (c.badCheckpoint !== undefined) {
        expect(result).toMatchObject({ badCheckpoint: c.badCheckpoint, checked: 0 });
        expect(result.firstBadPosition).toBeUndefined();
      } else {
        expect({ firstBadPosition: result.firstBadPosition, reason: result.reason }).toEqual({ firstBadPosition: c.firstBad, reason: result.reason });
      }
    });
  });

  // ---------------------------------------------------------------------------------------------
  // 2. Seeded random tamperings.

  function plan(rnd: SeededRandom): Planned {
    const n = HEAD;
    const kind = rnd.pick(KINDS);
    switch (kind) {
      case 'payload-byte': {
        const k = rnd.int(1, n);
        const { event, what } = withEditedPayload(at(k), rnd);
        return { kind, description: `${what} of position ${k} edited`, firstTouched: k, expectedFirstBad: k, apply: (tx) => editData(tx, k, event.data) };
      }
      case 'delete-row': {
        const k = rnd.int(1, n);
        return { kind, description: `row ${k} deleted`, firstTouched: k, expectedFirstBad: k, apply: (tx) => q(tx, `DELETE FROM cluebus_events WHERE global_position = $1`, [k]) };
      }
      case 'swap-rows': {
        const i = rnd.int(1, n - 1);
        const j = rnd.chance(0.5) ? i + 1 : rnd.int(i + 1, n);
        return {
          kind,
          description: `rows ${i} and ${j} swapped`,
          firstTouched: i,
          expectedFirstBad: i,
          apply: async (tx) => {
            // Through a free position: the primary key is checked row by row.
            await q(tx, `UPDATE cluebus_events SET global_position = -1 WHERE global_position = $1`, [i]);
            await q(tx, `UPDATE cluebus_events SET global_position = $1 WHERE global_position = $2`, [i, j]);
            await q(tx, `UPDATE cluebus_events SET global_position = $1 WHERE global_position = -1`, [j]);
          },
        };
      }
      case 'timestamp': {
        const k = rnd.int(1, n);
        const ms = rnd.pick([-1, 1]) * rnd.int(1, 86_400_000);
        if (rnd.chance(0.5)) {
          return {
            kind,
            description: `recorded_at of position ${k} moved by ${ms} ms`,
            firstTouched: k,
            expectedFirstBad: k,
            apply: (tx) => q(tx, `UPDATE cluebus_events SET recorded_at = recorded_at + $1 * interval '1 millisecond' WHERE global_position = $2`, [ms, k]),
          };
        }
        const moved = new Date(Date.parse(at(k).metadata.occurredAt) + ms).toISOString();
        return {
          kind,
          description: `metadata.occurredAt of position ${k} moved by ${ms} ms`,
          firstTouched: k,
          expectedFirstBad: k,
          apply: (tx) => q(tx, `UPDATE cluebus_events SET metadata = jsonb_set(metadata, '{occurredAt}', to_jsonb($1::text)) WHERE global_position = $2`, [moved, k]),
        };
      }
      case 'hash-rewritten': {
        const k = rnd.int(1, n);
        const column = rnd.pick(['hash', 'prev_hash'] as const);
        let hex = rnd.hex(64);
        while (hex === at(k).hash || hex === at(k).prevHash) hex = rnd.hex(64);
        return {
          kind,
          description: `${column} of position ${k} overwritten`,
          firstTouched: k,
          expectedFirstBad: k,
          apply: (tx) => q(tx, `UPDATE cluebus_events SET ${column} = $1 WHERE global_position = $2`, [hex, k]),
        };
      }
      case 'rechained': {
        // Below the last checkpoint; a rechained tail with a recomputed head is part 3 (the store cannot tell).
        const k = rnd.int(1, LOG_SIZE);
        const { event, what } = withEditedPayload(at(k), rnd);
        return {
          kind,
          description: `${what} of position ${k} edited, hashes ${k}..${n} and the head recomputed`,
          firstTouched: k,
          // The chain holds everywhere; the first checkpoint past k cannot, and vouches for nothing after the one before k.
          expectedFirstBad: Math.floor((k - 1) / EVERY) * EVERY + 1,
          apply: async (tx) => {
            await editData(tx, k, event.data);
            await moveHead(tx, HEAD, await rechain(tx, k, eventContentBytes(event)));
          },
        };
      }
      case 'column-edit': {
        const k = rnd.int(1, n);
        const edits = [
          ['stream_id', `UPDATE cluebus_events SET stream_id = stream_id || '-x' WHERE global_position = $1`],
          ['stream_position', `UPDATE cluebus_events SET stream_position = stream_position + 1000 + ${rnd.int(0, 99)} WHERE global_position = $1`],
          ['event_id', `UPDATE cluebus_events SET event_id = '${crypto.randomUUID()}' WHERE global_position = $1`],
          ['type', `UPDATE cluebus_events SET type = CASE WHEN type = 'ClueClosed' THEN 'ClueReopened' ELSE 'ClueClosed' END WHERE global_position = $1`],
          ['schema_version', `UPDATE cluebus_events SET schema_version = schema_version + 1 WHERE global_position = $1`],
          ['metadata', `UPDATE cluebus_events SET metadata = jsonb_set(metadata, '{actor}', to_jsonb(metadata->>'actor' || '-x')) WHERE global_position = $1`],
          ['global_position', `UPDATE cluebus_events SET global_position = ${HEAD + rnd.int(1, 1000)} WHERE global_position = $1`],
        ] as const;
        const [column, sql] = rnd.pick(edits);
        return { kind, description: `${column} of position ${k} changed`, firstTouched: k, expectedFirstBad: k, apply: (tx) => q(tx, sql, [k]) };
      }
      case 'insert-row': {
        // Renumbering costs a row update per later row: drawn from the last 2,000 (the named cases insert at 3,000 and 4,321).
        const k = rnd.int(n - RENUMBERED, n);
        const forged = forgedEvent(log, k, rnd, 'sha256');
        return {
          kind,
          description: `a forged event inserted at position ${k}, rows ${k}..${n} renumbered, head moved`,
          firstTouched: k,
          expectedFirstBad: insertedRowFirstBad(k, checkpoints.map((c) => c.treeSize)),
          apply: async (tx) => {
            await shiftFrom(tx, k, 1);
            await insertRow(tx, forged);
            await moveHead(tx, HEAD + 1);
          },
        };
      }
      case 'delete-renumber': {
        const k = rnd.int(n - RENUMBERED, n - 1);
        return {
          kind,
          description: `row ${k} deleted, rows ${k + 1}..${n} renumbered, head moved back`,
          firstTouched: k,
          expectedFirstBad: k,
          apply: async (tx) => {
            await q(tx, `DELETE FROM cluebus_events WHERE global_position = $1`, [k]);
            await shiftFrom(tx, k + 1, -1);
            await moveHead(tx, HEAD - 1);
          },
        };
      }
      case 'below-precision': {
        if (rnd.chance(0.5)) {
          const k = rnd.int(1, n);
          const us = rnd.int(1, 999);
          return {
            kind,
            description: `recorded_at of position ${k} moved by ${us} µs`,
            firstTouched: k,
            expectedFirstBad: k,
            apply: (tx) => q(tx, `UPDATE cluebus_events SET recorded_at = recorded_at + interval '1 microsecond' * $1 WHERE global_position = $2`, [us, k]),
          };
        }
        const k = withNumberFrom(rnd.int(1, WITH_NUMBER[WITH_NUMBER.length - 1]));
        const value = at(k).data[numberKeyOf(at(k))!] as number;
        return {
          kind,
          description: `${numberKeyOf(at(k))} of position ${k} rewritten as ${beyondPrecision(value)} (the same double)`,
          firstTouched: k,
          expectedFirstBad: k,
          apply: (tx) => setNumber(tx, k, beyondPrecision(value)),
        };
      }
    }
  }

  /** Applies one tampering as the owner, verifies incrementally (or from scratch) what the transaction sees. */
  function detect(t: Planned, incremental: boolean): Promise<VerifyStoreResult> {
    return inAttackersTransaction(t.apply, async (tx) => {
      const trustedAt = Math.min(LOG_SIZE, Math.floor((t.firstTouched - 1) / EVERY) * EVERY);
      const resumeFrom = incremental ? trusted.get(trustedAt) : undefined;
      const txHead = (await readVerificationInputs(tx)).head;
      // Resumed, the failure is usually within the first few hundred events: small pages, no read-ahead.
      const reading = incremental ? { pageSize: 250, readAhead: false } : { pageSize: 2000 };
      return verifyStore(sqlLogReader(tx), checkpoints, { publicKeys: keys, head: txHead, resumeFrom, ...reading });
    });
  }

  interface Outcome {
    t: Planned;
    result: VerifyStoreResult;
    /** Tampering, verification and rollback. */
    ms: number;
  }

  async function run(t: Planned, incremental: boolean): Promise<Outcome> {
    const started = performance.now();
    const result = await detect(t, incremental);
    return { t, result, ms: performance.now() - started };
  }

  /** Per kind: detected at the expected position / applied, and mean ms per tampering. */
  function summarise(outcomes: Outcome[]): Record<string, string> {
    const byKind: Record<string, string> = {};
    for (const kind of KINDS) {
      const of = outcomes.filter((o) => o.t.kind === kind);
      const named = of.filter((o) => !o.result.ok && o.result.firstBadPosition === o.t.expectedFirstBad);
      const mean = of.reduce((sum, o) => sum + o.ms, 0) / Math.max(1, of.length);
      byKind[kind] = `${named.length}/${of.length} (${mean.toFixed(0)} ms)`;
    }
    return byKind;
  }

  it(`given ${TAMPERINGS} random tamperings of the stored log, when each is verified from the last trusted checkpoint before it, then every one is detected at the expected position`, async () => {
    const rnd = seededRandom(5);
    const started = Date.now();
    const outcomes: Outcome[] = [];
    for (let i = 0; i < TAMPERINGS && Date.now() - started < RUN_BUDGET_MS; i++) outcomes.push(await run(plan(rnd), true));
    const elapsed = Date.now() - started;
    expect(outcomes).toHaveLength(TAMPERINGS);
    const missed = outcomes
      .filter(({ t, result }) => result.ok || result.firstBadPosition !== t.expectedFirstBad)
      .map(({ t, result }) => ({ tampering: t.description, expected: t.expectedFirstBad, got: result.firstBadPosition, reason: result.reason }));
    const read = outcomes.reduce((sum, o) => sum + (o.result.through - o.result.from + 1), 0);
    console.log(
      `${TAMPERINGS} tamperings (incremental verify): ${elapsed} ms, ${(elapsed / TAMPERINGS).toFixed(1)} ms each, ` +
        `${Math.round(read / TAMPERINGS)} events read per verify on average; detected at the expected position: ${JSON.stringify(summarise(outcomes))}`,
    );
    expect(missed).toEqual([]);
    expect(new Set(outcomes.map((o) => o.t.kind))).toEqual(new Set(KINDS));
    expect(outcomes.filter((o) => o.t.firstTouched > LOG_SIZE).length).toBeGreaterThan(0); // some in the tail
  }, RUN_BUDGET_MS + 60_000);

  it(`given ${FROM_SCRATCH} further random tamperings, when each is verified from scratch, then every one is detected at the expected position`, async () => {
    const rnd = seededRandom(6);
    const started = Date.now();
    const outcomes: Outcome[] = [];
    for (let i = 0; i < FROM_SCRATCH && Date.now() - started < RUN_BUDGET_MS / 2; i++) outcomes.push(await run(plan(rnd), false));
    const elapsed = Date.now() - started;
    expect(outcomes).toHaveLength(FROM_SCRATCH);
    console.log(`${FROM_SCRATCH} tamperings (verify from scratch): ${elapsed} ms; detected: ${JSON.stringify(summarise(outcomes))}`);
    expect(outcomes.filter(({ t, result }) => result.ok || result.firstBadPosition !== t.expectedFirstBad).map((o) => o.t.description)).toEqual([]);
    expect(outcomes.every((o) => o.result.from === 1)).toBe(true);
  }, RUN_BUDGET_MS / 2 + 60_000);

  // ---------------------------------------------------------------------------------------------
  // 3. The limits of the store alone (docs/adr/0007): nothing signed covers the tail, and
  //    checkpoints can be withdrawn by the owner. A verifier that kept the head or the checkpoints
  //    outside the database catches each; one that reads them from the database cannot.

  describe('given tamperings the store alone cannot tell, when verified with what the store holds and with what a verifier kept', () => {
    const kept = (tx: SqlExecutor) => verifyStore(sqlLogReader(tx), checkpoints, { publicKeys: keys, head });

    it(`the tail rewritten: ${T} edited, ${T}..${HEAD} rechained and the head recomputed — undetectable from the store; the kept head names ${LOG_SIZE + 1}`, async () => {
      const { event } = withEditedPayload(at(T), rnd());
      const apply = async (tx: SqlExecutor) => {
        await editData(tx, T, event.data);
        await moveHead(tx, HEAD, await rechain(tx, T, eventContentBytes(event)));
      };
      expect(await inAttackersTransaction(apply, verifyAsStored)).toMatchObject({ ok: true, checked: HEAD, provenThrough: LOG_SIZE });
      expect(await inAttackersTransaction(apply, kept)).toMatchObject({ ok: false, firstBadPosition: LOG_SIZE + 1, suspectRange: { from: LOG_SIZE + 1, to: HEAD } });
    });

    it(`the last 5 rows deleted and the head moved back — undetectable from the store; the kept head names ${HEAD - 4}`, async () => {
      const apply = async (tx: SqlExecutor) => {
        await q(tx, `DELETE FROM cluebus_events WHERE global_position > $1`, [HEAD - 5]);
        await moveHead(tx, HEAD - 5, at(HEAD - 5).hash);
      };
      expect(await inAttackersTransaction(apply, verifyAsStored)).toMatchObject({ ok: true, checked: HEAD - 5, headPosition: HEAD - 5 });
      expect(await inAttackersTransaction(apply, kept)).toMatchObject({ ok: false, firstBadPosition: HEAD - 4 });
    });

    it('checkpoints from 5,000 on deleted, then 5,500 edited, rechained and the head recomputed — undetectable from the store; the kept checkpoints name 5,001', async () => {
      const { event } = withEditedPayload(at(5_500), rnd());
      const apply = async (tx: SqlExecutor) => {
        await q(tx, `DELETE FROM cluebus_log_checkpoints WHERE tree_size >= 5000`);
        await editData(tx, 5_500, event.data);
        await moveHead(tx, HEAD, await rechain(tx, 5_500, eventContentBytes(event)));
      };
      expect(await inAttackersTransaction(apply, verifyAsStored)).toMatchObject({ ok: true, provenThrough: 4_000, checkpointsVerified: 4 });
      expect(await inAttackersTransaction(apply, kept)).toMatchObject({ ok: false, firstBadPosition: 5_001, suspectRange: { from: 5_001, to: 6_000 } });
    });
  });

  it('given every tampering was rolled back, when the log is verified again from scratch, then it is clean and the triggers are on', async () => {
    const again = await readVerificationInputs(store.sql);
    expect(again.head).toEqual(head);
    expect(again.checkpoints).toEqual(checkpoints);
    const result = await verifyStore(sqlLogReader(store.sql), checkpoints, { publicKeys: keys, head: again.head });
    expect(result).toMatchObject({ ok: true, checked: HEAD, checkpointsVerified: 10 });
    const { rows } = await client.query(`SELECT DISTINCT tgenabled FROM pg_trigger WHERE tgrelid IN ('cluebus_events'::regclass, 'cluebus_log_checkpoints'::regclass)`);
    expect(rows).toEqual([{ tgenabled: 'A' }]);
  });
});
