import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { NewEvent } from '@cluebus/contracts';
import { generateSigningKeyPair } from '@cluebus/audit';
import { createTestDatabase, POSTGRES_ADMIN_URL } from '../../../../test/support/postgres-database';
import { ensureAuditSchema } from '../audit/audit-schema';
import { checkpointLog } from '../audit/checkpoint-log';
import { Checkpointer } from '../audit/checkpointer';
import { sqlLogReader } from '../audit/raw-log-reader';
import { readVerificationInputs, verifyStore } from '../audit/verify-store';
import { PostgresSqlClient } from '../postgres/postgres-sql-client';
import { createRolesSql, dropRolesSql, ERASABLE_TABLES, grantServiceSql, HISTORY_TABLES, STATE_TABLES, type RoleLayout } from './roles.sql';
import { ensureVaultSchema } from './vault-schema';
import { APPEND_ONLY_SQLSTATE } from './schema';
import { SqlEventStore } from './sql-event-store';
import { refusal } from '../../../../test/support/refusal';

/**
 * The least-privilege layout of docs/adr/0007 on the real PostgreSQL: roles unique to this run
 * (dropped afterwards); the migration role sets the schema up and owns it; the service role
 * opens the store, appends on both paths and runs the checkpointer, and is refused UPDATE,
 * DELETE and TRUNCATE of the history by its privileges — also while the owner has the
 * triggers switched off — and cannot switch them off itself.
 */

const INSUFFICIENT_PRIVILEGE = '42501';

const event = (n: number): NewEvent => ({
  eventId: crypto.randomUUID(),
  type: 'ClueRegistered',
  schemaVersion: 1,
  data: { clueId: `c-${n}`, summary: '定点医疗机构虚构住院骗取医保基金', amountYuan: 800.5 },
  metadata: { department: 'nhsa:341300', actor: 'nhsa-clerk-007', occurredAt: new Date().toISOString(), causationId: crypto.randomUUID(), correlationId: crypto.randomUUID() },
});


describe('least-privilege roles on PostgreSQL (docs/adr/0007)', () => {
  const run = randomBytes(5).toString('hex');
  let layout: RoleLayout;
  let db: { url: string; drop: () => Promise<void> };
  let admin: Client;
  let migrator: PostgresSqlClient;
  let service: PostgresSqlClient;
  let store: SqlEventStore;
  let migration: SqlEventStore;

  const urlAs = (user: string, password: string): string => {
    const url = new URL(db.url);
    url.username = user;
    url.password = password;
    return url.toString();
  };

  beforeAll(async () => {
    db = await createTestDatabase('cluebus_roles');
    layout = {
      database: new URL(db.url).pathname.slice(1),
      migrationRole: `cluebus_migrator_${run}`,
      serviceRole: `cluebus_service_${run}`,
      migrationPassword: randomBytes(12).toString('hex'),
      servicePassword: randomBytes(12).toString('hex'),
    };
    admin = new Client({ connectionString: db.url });
    await admin.connect();
    for (const statement of createRolesSql(layout)) await admin.query(statement);

    // Deploy time: the migration role opens the store (events, head, positions, triggers) and
    // the audit schema, then grants the service role its rights.
    migrator = new PostgresSqlClient({ connectionString: urlAs(layout.migrationRole, layout.migrationPassword!), max: 2 });
    migration = await SqlEventStore.open(migrator);
    await ensureAuditSchema(migrator);
    await ensureVaultSchema(migrator);
    for (const statement of grantServiceSql(layout)) await migrator.query(statement);

    // Run time: the processes connect as the service role.
    service = new PostgresSqlClient({ connectionString: urlAs(layout.serviceRole, layout.servicePassword!), max: 4 });
    store = await SqlEventStore.open(service);
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await migration?.close();
    await admin?.end();
    await db?.drop();
    // Roles are per cluster: drop them once the database they had rights in is gone.
    const cluster = new Client({ connectionString: POSTGRES_ADMIN_URL });
    await cluster.connect();
    try {
      if (layout) for (const statement of dropRolesSql(layout)) await cluster.query(statement);
    } finally {
      await cluster.end();
    }
  });

  it('given the layout, when the catalogs are read, then the migration role owns the tables and the service role has exactly its rights', async () => {
    const { rows: owners } = await admin.query<{ tablename: string; tableowner: string }>(
      `SELECT tablename, tableowner FROM pg_tables WHERE tablename LIKE 'cluebus\\_%' ORDER BY tablename`,
    );
    expect(owners.length).toBeGreaterThanOrEqual(7);
    expect(owners.every((o) => o.tableowner === layout.migrationRole)).toBe(true);
    const rights = async (table: string) => {
      const { rows } = await admin.query<Record<string, boolean>>(
        `SELECT ${['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'].map((p) => `has_table_privilege($1, $2, '${p}') AS "${p}"`).join(', ')}`,
        [layout.serviceRole, table],
      );
      return Object.entries(rows[0]).filter(([, granted]) => granted).map(([p]) => p);
    };
    const present = new Set(owners.map((o) => o.tablename));
    for (const table of HISTORY_TABLES.filter((t) => present.has(t))) expect([table, await rights(table)]).toEqual([table, ['SELECT', 'INSERT']]);
    for (const table of STATE_TABLES.filter((t) => present.has(t))) expect([table, await rights(table)]).toEqual([table, ['SELECT', 'INSERT', 'UPDATE']]);
    for (const table of ERASABLE_TABLES) expect([table, await rights(table)]).toEqual([table, ['SELECT', 'INSERT', 'UPDATE', 'DELETE']]);
    const { rows: role } = await admin.query(`SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = $1`, [layout.serviceRole]);
    expect(role[0]).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolreplication: false, rolbypassrls: false });
    const { rows: schema } = await admin.query(`SELECT has_schema_privilege($1, 'public', 'CREATE') AS create`, [layout.serviceRole]);
    expect(schema[0].create).toBe(false);
  });

  it('given the service role, when it opens the store and appends on both paths, then the events are stored and chained', async () => {
    await store.append('clue-1', [event(1), event(2)], { expectedVersion: 'any' }); // locked path
    await store.append('clue-1', [event(3)], { expectedVersion: 1 }); // fast path: cluebus_append_v1
    await Promise.all([4, 5, 6].map((n) => store.append(`clue-${n}`, [event(n)], { expectedVersion: 'no-stream' })));
    const all = await store.readAll();
    expect(all.map((e) => e.globalPosition)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await store.headPosition()).toBe(6);
    const { rows } = await service.query<{ current_user: string }>(`SELECT current_user`);
    expect(rows[0].current_user).toBe(layout.serviceRole);
  });

  it('given the service role, when it runs the checkpointer and verifies, then it signs and the log verifies', async () => {
    const key = generateSigningKeyPair();
    const checkpointer = await Checkpointer.start(service, { signingKey: key, every: 2, intervalMs: 0 }, false);
    await checkpointer.checkpointNow();
    await checkpointer.stop();
    expect((await checkpointLog.list(service)).map((c) => c.treeSize)).toEqual([2, 4, 6]);
    const { checkpoints, head } = await readVerificationInputs(service);
    expect(await verifyStore(sqlLogReader(service), checkpoints, { publicKeys: key.publicKey, head })).toMatchObject({ ok: true, checked: 6, provenThrough: 6 });
  });

  it('given the service role, when it seals and then shreds in the vault, then the key is nulled and the ciphertext deleted (the one place it may)', async () => {
    await service.query(`INSERT INTO cluebus_vault_keys (token, owner, wrapped_key, generation, sealed_at) VALUES ('pdt1:t', 'nhc:341300', '\\x01', 1, now())`);
    await service.query(`INSERT INTO cluebus_vault_entries (token, owner, record, field, sealed) VALUES ('pdt1:t', 'nhc:341300', 'c/subjects/0', 'name', '\\x02')`);
    await service.query(`DELETE FROM cluebus_vault_entries WHERE token = 'pdt1:t'`);
    await service.query(`UPDATE cluebus_vault_keys SET wrapped_key = NULL, erased_at = now() WHERE token = 'pdt1:t'`);
    const { rows } = await service.query(`SELECT wrapped_key, (SELECT count(*)::int FROM cluebus_vault_entries) AS entries FROM cluebus_vault_keys WHERE token = 'pdt1:t'`);
    expect(rows).toEqual([{ wrapped_key: null, entries: 0 }]);
  });

  const changes = [
    `UPDATE cluebus_events SET data = jsonb_set(data, '{summary}', '"改过的摘要"') WHERE global_position = 2`,
    `DELETE FROM cluebus_events WHERE global_position = 6`,
    `TRUNCATE cluebus_events`,
    `UPDATE cluebus_log_checkpoints SET root_hash = repeat('ab', 32)`,
    `DELETE FROM cluebus_log_checkpoints`,
    `TRUNCATE cluebus_log_checkpoints`,
  ];

  it.each(changes)('given the triggers on, when the service role runs %s, then its privileges refuse it (42501)', async (statement) => {
    const error = await refusal(service.query(statement));
    expect(error.code).toBe(INSUFFICIENT_PRIVILEGE);
    expect(error.message).toMatch(/permission denied for table cluebus_(events|log_checkpoints)/);
  });

  it('given the owner switched the triggers off, when the service role updates, deletes or truncates history, then its privileges still refuse every one', async () => {
    await migrator.query(`ALTER TABLE cluebus_events DISABLE TRIGGER USER`);
    await migrator.query(`ALTER TABLE cluebus_log_checkpoints DISABLE TRIGGER USER`);
    try {
      const { rows } = await admin.query(`SELECT DISTINCT tgenabled FROM pg_trigger WHERE tgrelid IN ('cluebus_events'::regclass, 'cluebus_log_checkpoints'::regclass)`);
      expect(rows).toEqual([{ tgenabled: 'D' }]);
      for (const statement of changes) expect([statement, (await refusal(service.query(statement))).code]).toEqual([statement, INSUFFICIENT_PRIVILEGE]);
      // A service restarting now still opens (a WARNING in the server log names the disabled triggers).
      const restarted = await SqlEventStore.open(new PostgresSqlClient({ connectionString: urlAs(layout.serviceRole, layout.servicePassword!), max: 1 }));
      expect(await restarted.headPosition()).toBe(6);
      await restarted.close();
    } finally {
      // The migration role's next schema set-up switches them back on.
      await (await SqlEventStore.open(new PostgresSqlClient({ connectionString: urlAs(layout.migrationRole, layout.migrationPassword!), max: 1 }))).close();
      await ensureAuditSchema(migrator);
    }
    const { rows } = await admin.query(`SELECT DISTINCT tgenabled FROM pg_trigger WHERE tgrelid IN ('cluebus_events'::regclass, 'cluebus_log_checkpoints'::regclass)`);
    expect(rows).toEqual([{ tgenabled: 'A' }]);
    expect((await store.readAll()).map((e) => e.globalPosition)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.each([
    [`ALTER TABLE cluebus_events DISABLE TRIGGER USER`, /must be owner of table cluebus_events/],
    [`SET session_replication_role = replica`, /permission denied to set parameter/],
    [`DROP TABLE cluebus_events`, /must be owner of table cluebus_events/],
    [`CREATE TABLE cluebus_shadow (x int)`, /permission denied for schema public/],
    [`CREATE OR REPLACE FUNCTION cluebus_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`, /permission denied for schema public|must be owner/],
    [`GRANT UPDATE ON cluebus_events TO PUBLIC`, /permission denied|no privileges were granted/],
  ])('given the service role, when it tries to switch the protection off (%s), then it is refused', async (statement, message) => {
    const client = new Client({ connectionString: urlAs(layout.serviceRole, layout.servicePassword!) });
    await client.connect();
    const warnings: string[] = [];
    client.on('notice', (n) => warnings.push(n.message ?? ''));
    try {
      const outcome = await client.query(statement).then(
        () => undefined,
        (e: { code?: string; message: string }) => e,
      );
      // GRANT of a privilege one does not hold only warns ("no privileges were granted"), and grants nothing.
      if (outcome === undefined) expect(warnings.join(' ')).toMatch(message);
      else expect(outcome.message).toMatch(message);
      const { rows } = await admin.query(`SELECT has_table_privilege('public', 'cluebus_events', 'UPDATE') AS public_update`);
      expect(rows[0].public_update).toBe(false);
    } finally {
      await client.end();
    }
  });

  it('given the migration role (the owner), when it updates an event with the triggers on, then the trigger refuses it (23001)', async () => {
    const error = await refusal(migrator.query(`UPDATE cluebus_events SET type = 'ClueClosed' WHERE global_position = 1`));
    expect(error.code).toBe(APPEND_ONLY_SQLSTATE);
    expect(error.message).toBe('cluebus_events is append-only: UPDATE refused');
  });
});
