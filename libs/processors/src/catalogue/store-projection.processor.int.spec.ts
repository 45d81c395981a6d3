import { v7 as uuid } from 'uuid';
import type { NewEvent, RecordedEvent } from '@cluebus/contracts';
import { PostgresSqlClient, SqlEventStore, type SqlExecutor } from '@cluebus/eventstore';
import { queryTransferLedger, TransferLedgerProjection, type Projection } from '@cluebus/projections';
import { createTestDatabase } from '../../../../test/support/postgres-database';
import { LeaseLostError, NO_FENCE, type Fence } from '../lease';
import type { RunningSingleton } from '../processor';
import { storeProjectionProcessor } from './store-projection.processor';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(check: () => Promise<T | undefined | false>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The ledger projection plus a probe that is NOT idempotent: it adds the number of events applied, so a repeat shows. */
class ProbedLedger implements Projection {
  readonly name = 'transfer-ledger';
  readonly inner = new TransferLedgerProjection();
  readonly schema = `${this.inner.schema}
    CREATE TABLE IF NOT EXISTS probe_applied (id int PRIMARY KEY, n bigint NOT NULL);
    INSERT INTO probe_applied VALUES (1, 0) ON CONFLICT DO NOTHING;`;
  /** Throws (after writing its rows) while a batch contains this type: a crash in the middle of a page. */
  failOn?: string;

  async apply(tx: SqlExecutor, e: RecordedEvent) {
    return this.applyBatch(tx, [e]);
  }

  async applyBatch(tx: SqlExecutor, events: RecordedEvent[]) {
    await this.inner.applyBatch(tx, events);
    await tx.query(`UPDATE probe_applied SET n = n + $1 WHERE id = 1`, [events.length]);
    if (this.failOn && events.some((e) => e.type === this.failOn)) throw new Error(`injected failure on ${this.failOn}`);
  }
}

const NHC = 'nhc:341300';
const SAMR = 'samr:341300';
const STA = 'sta:341300';

function clueStory(clueId: string, transferId: string, t0: number): Array<{ type: string; data: Record<string, unknown>; dept: string; at: number }> {
  const h = 3_600_000;
  const terms = { clueId, transferId, from: NHC, basis: '移交机制', acknowledgeBy: new Date(t0 + 48 * h).toISOString(), feedbackBy: new Date(t0 + 30 * 24 * h).toISOString() };
  return [
    { type: 'ClueRegistered', dept: NHC, at: t0 - h, data: { clueId, registeredBy: NHC, source: 'report', category: 'kickback', alsoConcerns: [], summary: 's', subjects: [], attachments: [] } },
    { type: 'ClueTransferred', dept: NHC, at: t0, data: { ...terms, to: [SAMR, STA] } },
    { type: 'TransferAcknowledged', dept: SAMR, at: t0 + h, data: { clueId, transferId, by: SAMR } },
    { type: 'TransferOverdue', dept: STA, at: t0 + 49 * h, data: { clueId, transferId, recipient: STA, deadline: 'acknowledge', dueAt: terms.acknowledgeBy } },
    { type: 'SupervisionIssued', dept: NHC, at: t0 + 50 * h, data: { clueId, transferId, level: 1, note: '督办', dueBy: new Date(t0 + 96 * h).toISOString(), by: NHC, recipients: [STA] } },
    { type: 'TransferExtensionRequested', dept: SAMR, at: t0 + 51 * h, data: { clueId, transferId, by: SAMR, to: NHC, deadline: 'feedback', days: 5, reason: 'r', currentDueAt: terms.feedbackBy } },
    {
      type: 'TransferExtensionGranted',
      dept: NHC,
      at: t0 + 52 * h,
      data: { clueId, transferId, by: NHC, recipient: SAMR, deadline: 'feedback', days: 5, previousDueAt: terms.feedbackBy, dueAt: new Date(t0 + 37 * 24 * h).toISOString() },
    },
    { type: 'FindingRecorded', dept: SAMR, at: t0 + 60 * h, data: { clueId, by: SAMR, result: 'substantiated', summary: 's', evidence: [] } },
    { type: 'FeedbackSent', dept: SAMR, at: t0 + 61 * h, data: { clueId, by: SAMR, to: NHC, transferId, summary: 'done' } },
  ];
}

describe('store-tail projection processor with the transfer ledger on PostgreSQL', () => {
  let db: { url: string; drop: () => Promise<void> };
  let sql: PostgresSqlClient;
  let store: SqlEventStore;
  let running: RunningSingleton | undefined;
  const t0 = Date.parse('2026-11-02T02:00:00Z');

  const append = async (clueId: string, story: ReturnType<typeof clueStory>) => {
    const events: NewEvent[] = story.map((s) => ({
      eventId: uuid(),
      type: s.type,
      schemaVersion: s.type === 'FindingRecorded' ? 2 : 1,
      data: s.data,
      metadata: { department: s.dept, actor: 'test', occurredAt: new Date(s.at).toISOString(), causationId: uuid(), correlationId: uuid() },
    }));
    // one event per append: each its own page boundary candidate
    for (const e of events) await store.append(`clue-${clueId}`, [e], { expectedVersion: 'any' });
  };
  const probe = async () => Number((await sql.query<{ n: string }>(`SELECT n FROM probe_applied WHERE id = 1`)).rows[0].n);
  const checkpoint = async () => Number((await sql.query<{ position: string }>(`SELECT position FROM cluebus_checkpoints WHERE name = 'transfer-ledger'`)).rows[0]?.position ?? 0);
  const start = (projection: Projection, fence: Fence = NO_FENCE, batchSize = 3) =>
    storeProjectionProcessor({ store, sql, projection, log: quiet, batchSize }).start(fence);

  beforeAll(async () => {
    db = await createTestDatabase('cluebus_ledger');
    sql = new PostgresSqlClient({ connectionString: db.url, max: 4 });
    store = await SqlEventStore.open(sql);
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('given a clue’s story in the store, when the processor tails it, then one row per recipient with status, deadlines, flags, 督办, extension and outcome', async () => {
    const clueId = uuid();
    const transferId = uuid();
    await append(clueId, clueStory(clueId, transferId, t0));
    const projection = new ProbedLedger();
    running = await start(projection);
    const head = await store.headPosition();
    await until(async () => (await checkpoint()) === head, 'checkpoint at head');

    const rows = await queryTransferLedger(sql, { sender: NHC }, new Date(t0 + 62 * 3_600_000));
    expect(rows.map((r) => [r.recipient, r.status])).toEqual([
      [SAMR, 'answered'],
      [STA, 'pending'],
    ]);
    const [samr, sta] = rows;
    expect(samr).toMatchObject({
      clueId,
      transferId,
      category: 'kickback',
      sender: NHC,
      kind: 'transfer',
      acknowledgedAt: new Date(t0 + 3_600_000).toISOString(),
      answeredAt: new Date(t0 + 61 * 3_600_000).toISOString(),
      feedbackBy: new Date(t0 + 37 * 24 * 3_600_000).toISOString(), // moved by the extension granted
      extension: 'granted',
      outcome: 'substantiated',
      overdue: false,
      supervisionLevel: 0,
    });
    expect(sta).toMatchObject({ overdue: true, overdueRecorded: true, supervisionLevel: 1, outcome: null, extension: null, acknowledgedAt: null });
    expect(await probe()).toBe(head);
  });

  it('given a crash in the middle of a page, then neither its rows nor the checkpoint commit; on retry every event is applied exactly once', async () => {
    const projection = new ProbedLedger();
    const before = await probe();
    const from = await checkpoint();
    const clueId = uuid();
    const transferId = uuid();
    await append(clueId, clueStory(clueId, transferId, t0 + 86_400_000));
    projection.failOn = 'SupervisionIssued';
    running = await start(projection);
    // pages of 3: [Registered, Transferred, Acknowledged] commit, [Overdue, Supervision, Requested] keeps failing
    await until(async () => (await checkpoint()) === from + 3, 'first page');
    await sleep(300);
    expect(await checkpoint()).toBe(from + 3);
    expect(await probe()).toBe(before + 3);
    const [stillPending] = (await queryTransferLedger(sql, { recipient: STA }, new Date(t0))).filter((r) => r.transferId === transferId);
    expect(stillPending).toMatchObject({ overdueRecorded: false, supervisionLevel: 0 }); // the failed page left nothing behind

    projection.failOn = undefined; // the cause goes away: the same page is retried and commits once
    const head = await store.headPosition();
    await until(async () => (await checkpoint()) === head, 'caught up');
    expect(await probe()).toBe(before + (head - from));
  });

  it('given a restart (a takeover) from the saved checkpoint, then nothing already applied is applied again, and new events are', async () => {
    const projection = new ProbedLedger();
    const head = await store.headPosition();
    running = await start(projection);
    await sleep(200);
    expect(await probe()).toBe(head); // every event so far applied once, none again
    await running.stop();

    const clueId = uuid();
    await append(clueId, clueStory(clueId, uuid(), t0 + 2 * 86_400_000));
    running = await start(projection);
    const newHead = await store.headPosition();
    await until(async () => (await checkpoint()) === newHead, 'caught up after restart');
    expect(await probe()).toBe(newHead);
    expect((await sql.query(`SELECT 1 FROM cluebus_transfer_ledger`)).rows).toHaveLength(6); // 3 clues × 2 recipients
  });

  it('given the lease was taken by another process, when a page is written, then the fence refuses it and nothing commits', async () => {
    const projection = new ProbedLedger();
    const before = await probe();
    const from = await checkpoint();
    let refusals = 0;
    const lost: Fence = {
      lease: 'transfer-ledger',
      token: 1,
      check: async () => {
        refusals++;
        throw new LeaseLostError('transfer-ledger', 1);
      },
    };
    const clueId = uuid();
    await append(clueId, clueStory(clueId, uuid(), t0 + 3 * 86_400_000));
    running = await start(projection, lost);
    await until(async () => refusals > 0 && refusals, 'a refused write');
    await sleep(100);
    expect(await checkpoint()).toBe(from);
    expect(await probe()).toBe(before);
  });
});
