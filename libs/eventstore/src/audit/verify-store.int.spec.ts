import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { generateSigningKeyPair, type Checkpoint } from '@cluebus/audit';
import { sampleEvents } from '../../../audit/test/sample-log';
import { appendSampleLog } from '../../../../test/support/append-sample-log';
import { createTestDatabase } from '../../../../test/support/postgres-database';
import { PgliteSqlClient } from '../pglite/pglite-sql-client';
import { PostgresSqlClient } from '../postgres/postgres-sql-client';
import type { SqlClient, SqlExecutor } from '../sql/sql-client';
import { SqlEventStore } from '../sql/sql-event-store';
import { Checkpointer } from './checkpointer';
import { PageDigestPool } from './page-digest-pool';
import type { LogHead } from './raw-log-reader';
import { readRawEvent, sqlLogReader } from './raw-log-reader';
import { readVerificationInputs, verifyStore, type VerifyStoreResult } from './verify-store';

/**
 * verifyStore over the log as PostgreSQL (and PGlite) store it, with its pages digested on
 * worker threads and on the reading thread: the same verdict, the same first bad position, for
 * an untouched log and for rows changed behind the store's back (inside a transaction that is
 * rolled back, with the append-only triggers off as only the table's owner can).
 */
const LOG_SIZE = 12_000; // above the 10,000 from which verifyStore uses workers
const EVERY = 1_000;
const key = generateSigningKeyPair();

async function appendSample(store: SqlEventStore, count: number): Promise<void> {
  await appendSampleLog(store, sampleEvents(count, { seed: 14 }), 2000);
}

async function checkpointed(sql: SqlClient): Promise<{ checkpoints: Checkpoint[]; head: LogHead }> {
  const checkpointer = await Checkpointer.start(sql, { signingKey: key, every: EVERY, intervalMs: 0 }, false);
  await checkpointer.checkpointNow();
  await checkpointer.stop();
  return readVerificationInputs(sql);
}

const withoutTime = ({ elapsedMs: _, ...rest }: VerifyStoreResult) => rest;

describe('verifyStore on PostgreSQL, pages digested on worker threads and on the reading thread', () => {
  let drop: () => Promise<void>;
  let store: SqlEventStore;
  let client: Client;
  let checkpoints: Checkpoint[];
  let head: LogHead;
  const pool = PageDigestPool.shared(2);

  beforeAll(async () => {
    const db = await createTestDatabase('cluebus_verify');
    drop = db.drop;
    store = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url, max: 4 }));
    await appendSample(store, LOG_SIZE);
    ({ checkpoints, head } = await checkpointed(store.sql));
    client = new Client({ connectionString: db.url });
    await client.connect();
    await pool.ready(); // so that the workers take pages from the first one on
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await store?.close();
    await drop?.();
  });

  /** Both ways over what `tx` sees; the workers must have digested pages in the first. */
  async function bothWays(sql: SqlExecutor): Promise<Omit<VerifyStoreResult, 'elapsedMs'>> {
    const before = pool.pagesDigested;
    const onWorkers = await verifyStore(sqlLogReader(sql), checkpoints, { publicKeys: key.publicKey, head, workers: 2 });
    expect(pool.pagesDigested).toBeGreaterThan(before);
    const here = await verifyStore(sqlLogReader(sql), checkpoints, { publicKeys: key.publicKey, head, workers: 0 });
    expect(withoutTime(onWorkers)).toEqual(withoutTime(here));
    return withoutTime(here);
  }

  it('given the untouched log, when it is verified, then it is clean both ways: every checkpoint, up to the head', async () => {
    expect(await bothWays(store.sql)).toEqual({
      ok: true,
      checked: LOG_SIZE,
      provenThrough: LOG_SIZE,
      checkpointsVerified: LOG_SIZE / EVERY,
      from: 1,
      through: LOG_SIZE,
      headPosition: LOG_SIZE,
    });
  });

  it('given the exact reader, when it reads the log, then honest rows read as the store reads them, by page and by event id', async () => {
    const exact = await sqlLogReader(store.sql).readAll({ after: 4000, maxCount: 3000, raw: true });
    const viaStore = (await store.readAll({ raw: true })).slice(4000, 7000);
    expect(exact).toEqual(viaStore);
    expect(await readRawEvent(store.sql, viaStore[1234].eventId)).toEqual(viaStore[1234]);
    expect(await readRawEvent(store.sql, randomUUID())).toBeUndefined();
  });

  // Each change, and the position verification must name (both ways).
  const amountRow = `(SELECT min(global_position) FROM cluebus_events WHERE global_position > 9000 AND data ? 'amountYuan')`;
  it.each<[string, string, number | 'amount', string]>([
    ['one character of a data string', `UPDATE cluebus_events SET data = jsonb_set(data, '{summary}', to_jsonb(data->>'summary' || '。')) WHERE global_position = 7777`, 7777, 'does not match its content'],
    ['recorded_at moved by one microsecond', `UPDATE cluebus_events SET recorded_at = recorded_at + interval '1 microsecond' WHERE global_position = 11111`, 11111, 'does not match its content'],
    ['a number given a trailing zero (the same double, other stored text)', `UPDATE cluebus_events SET data = jsonb_set(data, '{amountYuan}', ((data->>'amountYuan') || '0')::jsonb) WHERE global_position = ${amountRow}`, 'amount', 'does not match its content'],
    ['a prev_hash overwritten', `UPDATE cluebus_events SET prev_hash = repeat('ab', 32) WHERE global_position = 4242`, 4242, 'prevHash does not link'],
    ['a row deleted', `DELETE FROM cluebus_events WHERE global_position = 10001`, 10001, 'is missing'],
    ['the first row', `UPDATE cluebus_events SET type = type || 'x' WHERE global_position = 1`, 1, 'does not match its content'],
  ])('given %s, when the log is verified, then both ways name the same first bad position', async (_what, change, expected, reason) => {
    await client.query('BEGIN');
    try {
      await client.query('ALTER TABLE cluebus_events DISABLE TRIGGER USER');
      const position = expected === 'amount' ? Number((await client.query(`SELECT ${amountRow} AS p`)).rows[0].p) : expected;
      await client.query(change);
      const result = await bothWays({ query: (sql, params) => client.query(sql, params as unknown[]) as never });
      expect(result).toMatchObject({ ok: false, firstBadPosition: position, through: position - 1 });
      expect(result.reason).toContain(reason);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});

describe('verifyStore on PGlite (pages digested on the reading thread: a small log)', () => {
  let sql: PgliteSqlClient;
  let store: SqlEventStore;
  let checkpoints: Checkpoint[];
  let head: LogHead;

  beforeAll(async () => {
    sql = await PgliteSqlClient.open();
    store = await SqlEventStore.open(sql);
    await appendSample(store, 3000);
    ({ checkpoints, head } = await checkpointed(sql));
  }, 120_000);

  afterAll(async () => {
    await store?.close();
  });

  it('given the untouched log, when it is verified, then it is clean, and honest rows read as the store reads them', async () => {
    const result = await verifyStore(sqlLogReader(sql), checkpoints, { publicKeys: key.publicKey, head, pageSize: 500 });
    expect(result).toMatchObject({ ok: true, checked: 3000, provenThrough: 3000, checkpointsVerified: 3 });
    expect(await sqlLogReader(sql).readAll({ after: 0, maxCount: 3000, raw: true })).toEqual(await store.readAll({ raw: true }));
  });

  it('given one data string changed, when the log is verified, then its position is named', async () => {
    const result = await sql
      .transaction(async (tx) => {
        await tx.query('ALTER TABLE cluebus_events DISABLE TRIGGER USER');
        await tx.query(`UPDATE cluebus_events SET data = jsonb_set(data, '{clueId}', '"x"') WHERE global_position = 2345`);
        const verdict = await verifyStore(sqlLogReader(tx), checkpoints, { publicKeys: key.publicKey, head, pageSize: 500 });
        throw Object.assign(new Error('roll back'), { verdict });
      })
      .catch((e: { verdict?: VerifyStoreResult }) => e.verdict);
    expect(result).toMatchObject({ ok: false, firstBadPosition: 2345, through: 2344 });
  });
});
