import type { RecordedEvent } from '@cluebus/contracts';
import {
  generateSigningKeyPair,
  verifyCheckpointConsistency,
  verifyEventIndependently,
  verifyEventInclusion,
  type LogVerifierState,
} from '@cluebus/audit';
import { PgliteSqlClient, PostgresSqlClient, SqlEventStore } from '@cluebus/eventstore';
import {
  AuditIntegrityError,
  AuditNotFoundError,
  Checkpointer,
  checkpointLog,
  proveCheckpointConsistency,
  proveEventInclusion,
  readVerificationInputs,
  verifyStore,
} from '@cluebus/eventstore/audit';
import { sampleEvents } from '../../libs/audit/test/sample-log';
import { eventually } from '../support/api-client';
import { createTestDatabase } from '../support/postgres-database';
import { asTableOwner } from '../fixtures/as-table-owner';

type Kind = 'postgres' | 'pglite';

/** Appends sample events (realistic clue payloads) through the store, in one go, keeping their order. */
async function appendSample(store: SqlEventStore, count: number, seed: number): Promise<RecordedEvent[]> {
  const results = await Promise.all(
    sampleEvents(count, { seed }).map((e) =>
      store.append(`${e.streamId}-${seed}`, [{ eventId: crypto.randomUUID(), type: e.type, schemaVersion: 1, data: e.data, metadata: e.metadata }], {
        expectedVersion: 'any',
      }),
    ),
  );
  return results.flatMap((r) => r.events);
}

describe.each<Kind>(['postgres', 'pglite'])('the store-side audit on %s', (kind) => {
  const key = generateSigningKeyPair();
  const keys = new Map([[key.keyId, key.publicKey]]);
  let store: SqlEventStore;
  let drop: (() => Promise<void>) | undefined;
  let checkpointer: Checkpointer;

  beforeAll(async () => {
    if (kind === 'postgres') {
      const db = await createTestDatabase();
      drop = db.drop;
      store = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url }));
    } else {
      store = await SqlEventStore.open(await PgliteSqlClient.open());
    }
    checkpointer = await Checkpointer.start(store.sql, { signingKey: key, every: 10, intervalMs: 0 }, false);
  }, 60_000);

  afterAll(async () => {
    await checkpointer?.stop();
    await store?.close();
    await drop?.();
  });

  let events: RecordedEvent[] = [];
  const trusted: LogVerifierState[] = [];

  it('given 25 appended events, when the checkpointer catches up, then it signs at every 10 events and at the head', async () => {
    events = await appendSample(store, 25, 1);
    const latest = await checkpointer.checkpointNow();
    expect(latest?.treeSize).toBe(25);
    expect((await checkpointLog.list(store.sql)).map((c) => c.treeSize)).toEqual([10, 20, 25]);
    expect(checkpointer.status()).toMatchObject({ state: 'running', treeSize: 25, latestCheckpoint: { treeSize: 25 } });
  });

  it('given the checkpointed log, when it is verified, then it is clean and every checkpoint holds', async () => {
    const { checkpoints, head } = await readVerificationInputs(store.sql);
    const result = await verifyStore(store, checkpoints, { publicKeys: keys, head, pageSize: 7, onCheckpointVerified: (s) => trusted.push(s) });
    expect(result).toMatchObject({ ok: true, checked: 25, from: 1, through: 25, provenThrough: 25, checkpointsVerified: 3, headPosition: 25 });
    expect(trusted.map((s) => s.verifiedThrough)).toEqual([10, 20, 25]);
  });

  it('given any event, when its inclusion proof is fetched, then it verifies with the library and with the independent verifier', async () => {
    for (const event of events) {
      const bundle = await proveEventInclusion(store.sql, event.eventId);
      expect(bundle.event).toEqual(event);
      expect(verifyEventInclusion(bundle.event, bundle.proof, bundle.checkpoint, key.publicKey)).toEqual({ ok: true });
      const pem = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect(verifyEventIndependently(JSON.parse(JSON.stringify(bundle.event)), bundle.proof, bundle.checkpoint, pem)).toEqual({ ok: true });
    }
    const older = await proveEventInclusion(store.sql, events[3].eventId, 10);
    expect(older.checkpoint.treeSize).toBe(10);
    expect(verifyEventInclusion(older.event, older.proof, older.checkpoint, key.publicKey).ok).toBe(true);
  });

  it('given unknown ids or sizes, when proofs are asked for, then each refusal names what is missing', async () => {
    await expect(proveEventInclusion(store.sql, crypto.randomUUID())).rejects.toMatchObject({ code: 'EVENT_NOT_FOUND' });
    await expect(proveEventInclusion(store.sql, events[0].eventId, 11)).rejects.toMatchObject({ code: 'CHECKPOINT_NOT_FOUND' });
    await expect(proveEventInclusion(store.sql, events[15].eventId, 10)).rejects.toMatchObject({ field: 'treeSize' });
    await expect(proveCheckpointConsistency(store.sql, 20, 10)).rejects.toMatchObject({ field: 'from' });
  });

  it('given two checkpoints, when a consistency proof is fetched, then the newer one provably extends the older', async () => {
    for (const [from, to] of [[10, 20], [10, 25], [20, 25], [25, 25]] as const) {
      const bundle = await proveCheckpointConsistency(store.sql, from, to);
      expect(verifyCheckpointConsistency(bundle.from, bundle.to, bundle.proof, key.publicKey)).toEqual({ ok: true });
    }
  });

  it('given a restarted checkpointer, when more events arrive, then it resumes from its saved state and the next checkpoints extend the old ones', async () => {
    await checkpointer.stop();
    checkpointer = await Checkpointer.start(store.sql, { signingKey: key, every: 10, intervalMs: 0 }, false);
    expect(checkpointer.status().treeSize).toBe(25);
    events.push(...(await appendSample(store, 12, 2)));
    expect((await checkpointer.checkpointNow())?.treeSize).toBe(37);
    expect((await checkpointLog.list(store.sql)).map((c) => c.treeSize)).toEqual([10, 20, 25, 30, 37]);
    const bundle = await proveCheckpointConsistency(store.sql, 25, 37);
    expect(verifyCheckpointConsistency(bundle.from, bundle.to, bundle.proof, key.publicKey).ok).toBe(true);
  });

  it('given a trusted state saved at checkpoint 20, when verification resumes from it, then only the rest of the log is read', async () => {
    const { checkpoints, head } = await readVerificationInputs(store.sql);
    const resumed = await verifyStore(store, checkpoints, { publicKeys: keys, head, resumeFrom: trusted[1] });
    expect(resumed).toMatchObject({ ok: true, from: 21, through: 37, checked: 37, provenThrough: 37, checkpointsVerified: 5 });
  });

  it('given the checkpointer lost its state, when it starts again, then it rebuilds the tree and finds the signed checkpoints agree', async () => {
    await checkpointer.stop();
    await store.sql.query(`DELETE FROM cluebus_checkpointer_state`);
    checkpointer = await Checkpointer.start(store.sql, { signingKey: key, every: 10, intervalMs: 0 }, false);
    expect(checkpointer.status().treeSize).toBe(0);
    await checkpointer.checkpointNow();
    expect(checkpointer.status()).toMatchObject({ state: 'running', treeSize: 37, latestCheckpoint: { treeSize: 37 } });
  });

  it('given the checkpoints table, when a row is updated or deleted, then the database refuses (append-only)', async () => {
    await expect(store.sql.query(`UPDATE cluebus_log_checkpoints SET root_hash = 'x' WHERE tree_size = 10`)).rejects.toThrow(/append-only/);
    await expect(store.sql.query(`DELETE FROM cluebus_log_checkpoints WHERE tree_size = 10`)).rejects.toThrow(/append-only/);
    await expect(store.sql.query(`TRUNCATE cluebus_log_checkpoints`)).rejects.toThrow(/append-only/);
  });

  it('given the stored leaf of position 2 altered, when a proof needs it as a sibling, then no proof is handed out', async () => {
    await store.sql.query(`UPDATE cluebus_merkle_nodes SET hash = decode(repeat('ab', 32), 'hex') WHERE level = 0 AND idx = 1`);
    await expect(proveEventInclusion(store.sql, events[0].eventId)).rejects.toBeInstanceOf(AuditIntegrityError);
    // Position 2's own proof does not use its stored leaf: the leaf is recomputed from the event.
    const own = await proveEventInclusion(store.sql, events[1].eventId);
    expect(verifyEventInclusion(own.event, own.proof, own.checkpoint, key.publicKey).ok).toBe(true);
  });

  it('given a new event whose hash was altered before it was covered, when the checkpointer reaches it, then it halts and signs nothing more', async () => {
    events.push(...(await appendSample(store, 3, 3)));
    await asTableOwner(store.sql, (tx) => tx.query(`UPDATE cluebus_events SET data = jsonb_set(data, '{summary}', '"改过的摘要"') WHERE global_position = 39`));
    await expect(checkpointer.checkpointNow()).rejects.toThrow(/halted: hash of position 39 does not match its content/);
    expect(checkpointer.status()).toMatchObject({ state: 'halted', treeSize: 37 });
    expect((await checkpointLog.latest(store.sql))?.treeSize).toBe(37);
    const { checkpoints, head } = await readVerificationInputs(store.sql);
    expect(await verifyStore(store, checkpoints, { publicKeys: keys, head })).toMatchObject({ ok: false, firstBadPosition: 39 });
  });

  it('given an event beyond the newest checkpoint, when its proof is asked for, then it is not yet checkpointed', async () => {
    await expect(proveEventInclusion(store.sql, events[events.length - 1].eventId)).rejects.toBeInstanceOf(AuditNotFoundError);
  });
});

describe('a live checkpointer on postgres', () => {
  it('given appends from another store instance, when N events arrive or T passes, then checkpoints follow without being asked', async () => {
    const db = await createTestDatabase();
    const writer = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url }));
    const own = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url }));
    const key = generateSigningKeyPair();
    const live = await Checkpointer.start(own.sql, { signingKey: key, every: 5, intervalMs: 300 });
    try {
      await appendSample(writer, 12, 4);
      // 5 and 10 by count (woken by NOTIFY), then 12 by time.
      await eventually(async () => (await checkpointLog.latest(own.sql))?.treeSize === 12, 10_000, 'checkpoint at the head');
      expect((await checkpointLog.list(own.sql)).map((c) => c.treeSize)).toEqual([5, 10, 12]);
    } finally {
      await live.stop();
      await writer.close();
      await own.close();
      await db.drop();
    }
  });
});

describe('the one-round-trip append path on postgres (ADR 0005)', () => {
  it('given two store instances appending in turn (each one\'s head is stale), when refusals and replays are mixed in, then every answer is exact and the log is one verifiable chain', async () => {
    const db = await createTestDatabase();
    const a = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url }));
    const b = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url }));
    const key = generateSigningKeyPair();
    try {
      const payload = sampleEvents(1, { seed: 9 })[0];
      const event = () => ({ eventId: crypto.randomUUID(), type: payload.type, schemaVersion: 1, data: payload.data, metadata: payload.metadata });
      let version = -1;
      for (let i = 0; i < 40; i++) {
        const writer = i % 2 === 0 ? a : b;
        const result = await writer.append('clue-shared', [event(), event()], { expectedVersion: version < 0 ? 'no-stream' : version });
        expect(result.events.map((e) => e.streamPosition)).toEqual([version + 1, version + 2]);
        version = result.nextExpectedVersion;
        // The same writer again with the version it just used: refused, nothing written.
        await expect(writer.append('clue-shared', [event()], { expectedVersion: version - 2 })).rejects.toMatchObject({ code: 'WRONG_EXPECTED_VERSION', actual: version });
      }
      const first = await a.append('clue-other', [event()], { expectedVersion: 'no-stream' });
      const again = await a.append('clue-other', first.events.map(({ eventId, type, schemaVersion, data, metadata }) => ({ eventId, type, schemaVersion, data, metadata })), { expectedVersion: 'no-stream' });
      expect(again).toMatchObject({ idempotentReplay: true, lastGlobalPosition: first.lastGlobalPosition });

      expect(await a.headPosition()).toBe(81);
      const checkpointer = await Checkpointer.start(a.sql, { signingKey: key, every: 20, intervalMs: 0 }, false);
      await checkpointer.checkpointNow();
      await checkpointer.stop();
      const { checkpoints, head } = await readVerificationInputs(a.sql);
      expect(await verifyStore(a, checkpoints, { publicKeys: key.publicKey, head })).toMatchObject({ ok: true, checked: 81, checkpointsVerified: 5 });
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });
});
