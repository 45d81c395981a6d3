import { Client } from 'pg';
import type { RecordedEvent } from '@cluebus/contracts';
import { chainHashFromBytes, eventContentBytes, generateSigningKeyPair, type Checkpoint, type LogVerifierState } from '@cluebus/audit';
import { PostgresSqlClient, SqlEventStore, type SqlExecutor } from '@cluebus/eventstore';
import { Checkpointer, readVerificationInputs, sqlLogReader, verifyStore, type LogHead, type VerifyStoreResult } from '@cluebus/eventstore/audit';
import { sampleEvents } from '../../libs/audit/test/sample-log';
import { seededRandom, type SeededRandom } from '../../libs/audit/test/seeded-random';
import { withEditedPayload } from '../../libs/audit/test/tamperings';
import { createTestDatabase } from '../support/postgres-database';

/**
 * Acceptance 2 of issue #5 against the REAL stored log: 10,000 events appended through the
 * store on PostgreSQL and checkpointed every 1,000, then 1,000 seeded random tamperings, each
 * applied with SQL inside a transaction, verified through that transaction, and rolled back, so
 * each starts from the clean log. Every one must be detected at the expected position.
 *
 * The 1,000 use incremental verification: resume from the trusted state the clean run saved at
 * the last checkpoint before the first touched row (what a verifier that keeps its own state
 * does). A further 50 are verified from scratch, so the full path is exercised too.
 */

const LOG_SIZE = 10_000;
const EVERY = 1_000;
const TAMPERINGS = 1_000;
const FROM_SCRATCH = 50;

const KINDS = [
  'payload-byte', //   one character of a string in the payload (data) changed
  'delete-row', //     one row deleted
  'swap-rows', //      two rows exchange places in the log (their global positions swapped)
  'timestamp', //      recorded_at or metadata.occurredAt moved
  'hash-rewritten', // the hash or prev_hash column overwritten
  'rechained', //      a payload edit, every later hash recomputed and the head moved: only a checkpoint can tell
] as const;
type Kind = (typeof KINDS)[number];

interface Planned {
  kind: Kind;
  description: string;
  firstTouched: number;
  expectedFirstBad: number;
  apply: (tx: SqlExecutor) => Promise<void>;
}

describe('tamper detection on the stored log (PostgreSQL, 10,000 events)', () => {
  const key = generateSigningKeyPair();
  const keys = new Map([[key.keyId, key.publicKey]]);
  let drop: () => Promise<void>;
  let store: SqlEventStore;
  let client: Client;
  let log: RecordedEvent[];
  let checkpoints: Checkpoint[];
  let head: LogHead;
  /** Trusted verifier states saved by the clean run, by checkpoint size. */
  const trusted = new Map<number, LogVerifierState>();
  const contentBytes: Buffer[] = [];

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    store = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url }));
    // Through the store: concurrent appends, grouped and chained by the store in submission order.
    await Promise.all(
      sampleEvents(LOG_SIZE, { seed: 2026 }).map((e) =>
        store.append(e.streamId, [{ eventId: crypto.randomUUID(), type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata }], {
          expectedVersion: e.streamPosition === 0 ? 'no-stream' : e.streamPosition - 1,
        }),
      ),
    );
    const checkpointer = await Checkpointer.start(store.sql, { signingKey: key, every: EVERY, intervalMs: 0 }, false);
    await checkpointer.checkpointNow();
    await checkpointer.stop();
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

  it('given the untouched log, when it is verified from scratch, then it is clean, and the checkpoints are at every 1,000', async () => {
    expect(log).toHaveLength(LOG_SIZE);
    expect(checkpoints.map((c) => c.treeSize)).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * EVERY));
    const result = await verifyStore(store, checkpoints, { publicKeys: keys, head, onCheckpointVerified: (s) => trusted.set(s.verifiedThrough, s) });
    expect(result).toMatchObject({ ok: true, checked: LOG_SIZE, provenThrough: LOG_SIZE, checkpointsVerified: 10, headPosition: LOG_SIZE });
    expect([...trusted.keys()]).toEqual(checkpoints.map((c) => c.treeSize));
    console.log(`clean verify of ${LOG_SIZE} events from PostgreSQL: ${result.elapsedMs} ms`);
  });

  function plan(rnd: SeededRandom): Planned {
    const n = LOG_SIZE;
    const kind = rnd.pick(KINDS);
    const at = (k: number) => log[k - 1];
    switch (kind) {
      case 'payload-byte': {
        const k = rnd.int(1, n);
        const { event, what } = withEditedPayload(at(k), rnd);
        return {
          kind,
          description: `${what} of position ${k} edited`,
          firstTouched: k,
          expectedFirstBad: k,
          apply: (tx) => tx.query(`UPDATE cluebus_events SET data = $1::jsonb WHERE global_position = $2`, [JSON.stringify(event.data), k]).then(() => undefined),
        };
      }
      case 'delete-row': {
        const k = rnd.int(1, n);
        return {
          kind,
          description: `row ${k} deleted`,
          firstTouched: k,
          expectedFirstBad: k,
          apply: (tx) => tx.query(`DELETE FROM cluebus_events WHERE global_position = $1`, [k]).then(() => undefined),
        };
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
            await tx.query(`UPDATE cluebus_events SET global_position = -1 WHERE global_position = $1`, [i]);
            await tx.query(`UPDATE cluebus_events SET global_position = $1 WHERE global_position = $2`, [i, j]);
            await tx.query(`UPDATE cluebus_events SET global_position = $1 WHERE global_position = -1`, [j]);
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
            apply: (tx) =>
              tx.query(`UPDATE cluebus_events SET recorded_at = recorded_at + $1 * interval '1 millisecond' WHERE global_position = $2`, [ms, k]).then(() => undefined),
          };
        }
        const moved = new Date(Date.parse(at(k).metadata.occurredAt) + ms).toISOString();
        return {
          kind,
          description: `metadata.occurredAt of position ${k} moved by ${ms} ms`,
          firstTouched: k,
          expectedFirstBad: k,
          apply: (tx) =>
            tx.query(`UPDATE cluebus_events SET metadata = jsonb_set(metadata, '{occurredAt}', to_jsonb($1::text)) WHERE global_position = $2`, [moved, k]).then(() => undefined),
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
          apply: (tx) => tx.query(`UPDATE cluebus_events SET ${column} = $1 WHERE global_position = $2`, [hex, k]).then(() => undefined),
        };
      }
      case 'rechained': {
        const k = rnd.int(1, n);
        const { event, what } = withEditedPayload(at(k), rnd);
        const positions: number[] = [];
        const prevs: string[] = [];
        const hashes: string[] = [];
        let prev = at(k).prevHash;
        for (let p = k; p <= n; p++) {
          const bytes = p === k ? eventContentBytes(event) : (contentBytes[p - 1] ??= eventContentBytes(at(p)));
          const hash = chainHashFromBytes(prev, bytes, 'sha256');
          positions.push(p);
          prevs.push(prev);
          hashes.push(hash);
          prev = hash;
        }
        return {
          kind,
          description: `${what} of position ${k} edited, hashes ${k}..${n} and the head recomputed`,
          firstTouched: k,
          // The chain holds everywhere; the first checkpoint past k cannot, and vouches for nothing after the one before k.
          expectedFirstBad: Math.floor((k - 1) / EVERY) * EVERY + 1,
          apply: async (tx) => {
            await tx.query(`UPDATE cluebus_events SET data = $1::jsonb WHERE global_position = $2`, [JSON.stringify(event.data), k]);
            await tx.query(
              `UPDATE cluebus_events e SET prev_hash = v.prev, hash = v.hash
               FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(gp, prev, hash) WHERE e.global_position = v.gp`,
              [positions, prevs, hashes],
            );
            await tx.query(`UPDATE cluebus_log_head SET hash = $1 WHERE id = 1`, [prev]);
          },
        };
      }
    }
  }

  /** Applies one tampering in a transaction, verifies what that transaction sees, rolls back. */
  async function detect(t: Planned, incremental: boolean): Promise<VerifyStoreResult> {
    await client.query('BEGIN');
    try {
      const tx = inTransaction();
      await t.apply(tx);
      const trustedAt = Math.floor((t.firstTouched - 1) / EVERY) * EVERY;
      const resumeFrom = incremental ? trusted.get(trustedAt) : undefined;
      const txHead = (await readVerificationInputs(tx)).head;
      // Resumed, the failure is usually within the first few hundred events: small pages, no read-ahead.
      const reading = incremental ? { pageSize: 250, readAhead: false } : { pageSize: 2000 };
      return await verifyStore(sqlLogReader(tx), checkpoints, { publicKeys: keys, head: txHead, resumeFrom, ...reading });
    } finally {
      await client.query('ROLLBACK');
    }
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
    for (let i = 0; i < TAMPERINGS; i++) outcomes.push(await run(plan(rnd), true));
    const elapsed = Date.now() - started;
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
  }, 240_000);

  it(`given ${FROM_SCRATCH} further random tamperings, when each is verified from scratch, then every one is detected at the expected position`, async () => {
    const rnd = seededRandom(6);
    const started = Date.now();
    const outcomes: Outcome[] = [];
    for (let i = 0; i < FROM_SCRATCH; i++) outcomes.push(await run(plan(rnd), false));
    const elapsed = Date.now() - started;
    console.log(`${FROM_SCRATCH} tamperings (verify from scratch): ${elapsed} ms; detected: ${JSON.stringify(summarise(outcomes))}`);
    expect(outcomes.filter(({ t, result }) => result.ok || result.firstBadPosition !== t.expectedFirstBad).map((o) => o.t.description)).toEqual([]);
    expect(outcomes.every((o) => o.result.from === 1)).toBe(true);
  }, 240_000);

  it('given every tampering was rolled back, when the log is verified again from scratch, then it is clean', async () => {
    const again = await readVerificationInputs(store.sql);
    expect(again.head).toEqual(head);
    const result = await verifyStore(store, checkpoints, { publicKeys: keys, head: again.head });
    expect(result).toMatchObject({ ok: true, checked: LOG_SIZE, checkpointsVerified: 10 });
  });
});
