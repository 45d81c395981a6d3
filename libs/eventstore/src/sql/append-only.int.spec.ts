import { asTableOwner } from '../../../../test/fixtures/as-table-owner';
import { createTestDatabase } from '../../../../test/support/postgres-database';
import { ensureAuditSchema } from '../audit/audit-schema';
import { PgliteSqlClient } from '../pglite/pglite-sql-client';
import { PostgresSqlClient } from '../postgres/postgres-sql-client';
import { APPEND_ONLY_SQLSTATE, EVENT_STORE_SCHEMA } from './schema';
import type { SqlClient } from './sql-client';
import { SqlEventStore } from './sql-event-store';
import { refusal } from '../../../../test/support/refusal';
import { storeEvent } from '../../../../test/fixtures/store-events';

/**
 * The append-only triggers of docs/adr/0007, installed by the store's own schema set-up, on
 * PostgreSQL and on PGlite (same SQL): UPDATE, DELETE and TRUNCATE of the events and of the
 * signed checkpoints are refused with SQLSTATE 23001, also under session_replication_role =
 * replica; a trigger the owner disabled, or a function body replaced, is restored by the next
 * schema set-up; appends still work.
 */

type Kind = 'postgres' | 'pglite';

const event = storeEvent;


describe.each<Kind>(['postgres', 'pglite'])('the append-only log on %s', (kind) => {
  let sql: SqlClient;
  let store: SqlEventStore;
  let drop: (() => Promise<void>) | undefined;
  let url: string | undefined;

  const reopen = async (): Promise<SqlEventStore> =>
    kind === 'postgres' ? SqlEventStore.open(new PostgresSqlClient({ connectionString: url, max: 2 })) : SqlEventStore.open(sql);

  beforeAll(async () => {
    if (kind === 'postgres') {
      const db = await createTestDatabase('cluebus_append_only');
      drop = db.drop;
      url = db.url;
      sql = new PostgresSqlClient({ connectionString: url, max: 4 });
    } else {
      sql = await PgliteSqlClient.open();
    }
    store = await SqlEventStore.open(sql);
    await ensureAuditSchema(sql);
    await store.append('clue-a', [event(1), event(2)], { expectedVersion: 'no-stream' });
    await store.append('clue-a', [event(3)], { expectedVersion: 1 }); // the fast path (append function)
    await sql.query(
      `INSERT INTO cluebus_log_checkpoints (tree_size, root_hash, algorithm, issued_at, key_id, signature) VALUES (3, repeat('ab', 32), 'sha256', '2026-01-01T00:00:00.000Z', 'k', 's')`,
    );
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  const triggers = async (table: string) =>
    (await sql.query<{ tgname: string; tgenabled: string }>(`SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = $1::regclass ORDER BY tgname`, [table])).rows;

  it.each([
    ['cluebus_events', 'UPDATE', `UPDATE cluebus_events SET data = '{}'::jsonb WHERE global_position = 2`],
    ['cluebus_events', 'DELETE', `DELETE FROM cluebus_events WHERE global_position = 2`],
    ['cluebus_events', 'TRUNCATE', `TRUNCATE cluebus_events`],
    ['cluebus_log_checkpoints', 'UPDATE', `UPDATE cluebus_log_checkpoints SET root_hash = repeat('cd', 32)`],
    ['cluebus_log_checkpoints', 'DELETE', `DELETE FROM cluebus_log_checkpoints`],
    ['cluebus_log_checkpoints', 'TRUNCATE', `TRUNCATE cluebus_log_checkpoints`],
  ])('given the store set up, when %s gets a plain %s, then it is refused with SQLSTATE 23001 and says the table is append-only', async (table, op, statement) => {
    const error = await refusal(sql.query(statement));
    expect(error.code).toBe(APPEND_ONLY_SQLSTATE);
    expect(error.message).toBe(`${table} is append-only: ${op} refused`);
  });

  it('given session_replication_role = replica (which silences ordinary triggers), when the events are updated or deleted, then they are still refused: the triggers fire ALWAYS', async () => {
    expect(await triggers('cluebus_events')).toEqual([
      { tgname: 'cluebus_events_append_only', tgenabled: 'A' },
      { tgname: 'cluebus_events_no_truncate', tgenabled: 'A' },
    ]);
    expect(await triggers('cluebus_log_checkpoints')).toEqual([
      { tgname: 'cluebus_log_checkpoints_append_only', tgenabled: 'A' },
      { tgname: 'cluebus_log_checkpoints_no_truncate', tgenabled: 'A' },
    ]);
    for (const statement of [`UPDATE cluebus_events SET type = 'X'`, `DELETE FROM cluebus_events`, `DELETE FROM cluebus_log_checkpoints`]) {
      const error = await refusal(
        sql.transaction(async (tx) => {
          await tx.query(`SET LOCAL session_replication_role = replica`);
          await tx.query(statement);
        }),
      );
      expect(error.code).toBe(APPEND_ONLY_SQLSTATE);
    }
    expect((await store.readAll()).map((e) => e.type)).toEqual(['ClueRegistered', 'ClueRegistered', 'ClueRegistered']);
  });

  it('given the owner disabled the triggers and neutered the function, when the store is opened again, then both are restored and changes are refused again', async () => {
    await sql.query(`ALTER TABLE cluebus_events DISABLE TRIGGER USER`);
    await sql.query(`CREATE OR REPLACE FUNCTION cluebus_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`);
    expect((await triggers('cluebus_events')).map((t) => t.tgenabled)).toEqual(['D', 'D']);
    const again = await reopen();
    expect((await triggers('cluebus_events')).map((t) => t.tgenabled)).toEqual(['A', 'A']);
    expect((await refusal(sql.query(`DELETE FROM cluebus_events WHERE global_position = 1`))).code).toBe(APPEND_ONLY_SQLSTATE);
    expect((await refusal(sql.query(`DELETE FROM cluebus_log_checkpoints`))).code).toBe(APPEND_ONLY_SQLSTATE);
    if (kind === 'postgres') await again.close(); // on PGlite it shares the one client
  });

  it('given a test that must alter history, when it does so as the owner (test/fixtures/as-table-owner.ts), then the change is committed and the triggers fire ALWAYS again', async () => {
    await asTableOwner(sql, (tx) => tx.query(`UPDATE cluebus_events SET data = jsonb_set(data, '{summary}', '"改过的摘要"') WHERE global_position = 2`));
    expect((await store.readAll())[1].data.summary).toBe('改过的摘要');
    expect((await triggers('cluebus_events')).map((t) => t.tgenabled)).toEqual(['A', 'A']);
    expect((await refusal(sql.query(`DELETE FROM cluebus_events WHERE global_position = 2`))).code).toBe(APPEND_ONLY_SQLSTATE);
  });

  it('given everything in place, when the schema set-up runs again, then it changes nothing in the catalogs', async () => {
    const catalog = () =>
      sql.query<{ xmin: string }>(
        `SELECT xmin::text FROM pg_trigger WHERE tgrelid = 'cluebus_events'::regclass UNION ALL SELECT xmin::text FROM pg_proc WHERE proname = 'cluebus_refuse_change' ORDER BY 1`,
      );
    const before = (await catalog()).rows;
    await sql.exec(EVENT_STORE_SCHEMA);
    expect((await catalog()).rows).toEqual(before);
  });

  it('given the triggers, when events are appended on both paths, then the store works as before and the log is intact', async () => {
    await store.append('clue-b', [event(4)], { expectedVersion: 'any' });
    await store.append('clue-b', [event(5)], { expectedVersion: 0 });
    await Promise.all([6, 7, 8].map((n) => store.append(`clue-${n}`, [event(n)], { expectedVersion: 'no-stream' })));
    const all = await store.readAll();
    expect(all.map((e) => e.globalPosition)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(all.every((e, i) => i === 0 || e.prevHash === all[i - 1].hash)).toBe(true);
    expect(await store.headPosition()).toBe(8);
  });
});
