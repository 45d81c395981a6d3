import type { SqlClient } from '../sql/sql-client';
import {
  appendOnlyTriggerDdl,
  mayMigrateSql,
  REFUSE_CHANGE_FUNCTION,
  REFUSE_CHANGE_FUNCTION_SQL,
  schemaScript,
} from '../sql/schema';

/**
 * Tables of the audit side of the store (docs/adr/0005). Same SQL on PostgreSQL and PGlite.
 *
 * - cluebus_log_checkpoints: signed Merkle checkpoints, append-only (a trigger refuses UPDATE,
 *   DELETE and TRUNCATE: a signed statement is never withdrawn, a later one supersedes it; it
 *   fires ALWAYS, see docs/adr/0007). issued_at is text, the exact string that was signed.
 * - cluebus_merkle_nodes: every perfect subtree root of the tree over the log (see
 *   merkle-nodes.ts), so proofs need no rereading of events. Derived data: a wrong node only
 *   yields a proof that fails against the signed root, and proofs are checked before they leave.
 *   Insert-only for the service role (roles.sql.ts), but no trigger: nothing depends on it.
 * - cluebus_checkpointer_state: where the checkpointer stands (size, last chain hash, frontier),
 *   written in the same transaction as its nodes and checkpoints, so it resumes without
 *   rereading the log.
 * - cluebus_signing_keys: public keys that have signed checkpoints, by key id (key rotation).
 *   Published for convenience; a verifier pins keys it got another way (ADR 0005).
 */
export const AUDIT_TABLES = ['cluebus_log_checkpoints', 'cluebus_merkle_nodes', 'cluebus_checkpointer_state', 'cluebus_signing_keys'] as const;

/** The signed checkpoints: INSERT and SELECT only, and a trigger refuses the rest. */
export const AUDIT_APPEND_ONLY_TABLES = ['cluebus_log_checkpoints'] as const;

const AUDIT_DDL = [
  `CREATE TABLE IF NOT EXISTS cluebus_log_checkpoints (
     tree_size  bigint PRIMARY KEY CHECK (tree_size > 0),
     root_hash  text   NOT NULL,
     algorithm  text   NOT NULL,
     issued_at  text   NOT NULL,
     key_id     text   NOT NULL,
     signature  text   NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS cluebus_merkle_nodes (
     level smallint NOT NULL,
     idx   bigint   NOT NULL,
     hash  bytea    NOT NULL,
     PRIMARY KEY (level, idx)
   )`,
  `CREATE TABLE IF NOT EXISTS cluebus_checkpointer_state (
     id         integer     PRIMARY KEY CHECK (id = 1),
     algorithm  text        NOT NULL,
     tree_size  bigint      NOT NULL,
     last_hash  text        NOT NULL,
     frontier   jsonb       NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS cluebus_signing_keys (
     key_id         text        PRIMARY KEY,
     algorithm      text        NOT NULL,
     public_key_pem text        NOT NULL,
     registered_at  timestamptz NOT NULL DEFAULT now()
   )`,
  REFUSE_CHANGE_FUNCTION_SQL,
  ...AUDIT_APPEND_ONLY_TABLES.flatMap(appendOnlyTriggerDdl),
];

const AUDIT_SCHEMA = schemaScript({ tables: AUDIT_TABLES, appendOnly: AUDIT_APPEND_ONLY_TABLES, ddl: AUDIT_DDL });

/**
 * Every trigger on the refusing function fires ALWAYS, also those created by callers' `extra`
 * statements (the access log's), on tables the current role owns.
 */
const ALWAYS_FIRE_REFUSING_TRIGGERS = `DO $cluebus_always$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT t.tgrelid::regclass AS rel, t.tgname
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE t.tgfoid = to_regprocedure('${REFUSE_CHANGE_FUNCTION}()') AND t.tgenabled <> 'A' AND pg_has_role(c.relowner, 'USAGE')
  LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER %I', r.rel, r.tgname);
  END LOOP;
END
$cluebus_always$`;

/** Any fixed number: serialises schema set-up when several processes start at once. */
const SCHEMA_LOCK = 0x636c7565; // 'clue'

/**
 * Creates the audit tables if missing. Safe to run from every process at start: DDL runs under
 * a transaction-scoped advisory lock, because concurrent CREATE … IF NOT EXISTS and CREATE OR
 * REPLACE can still collide in PostgreSQL's catalogs.
 *
 * The audit tables' own set-up is a guarded script (schemaScript, sql/schema.ts): a no-op once
 * in place, so a service role without DDL rights passes it (docs/adr/0007). `extra` statements
 * (e.g. the access log's CREATE … IF NOT EXISTS) run only for a role that may run DDL here;
 * for the service role the migration role has run them, and a table it did not create shows up
 * on first use.
 */
export async function ensureAuditSchema(sql: SqlClient, extra: readonly string[] = []): Promise<void> {
  await sql.transaction(async (tx) => {
    // First the lock the store's own schema script runs under (PostgresSqlClient.exec): both
    // create the trigger function, and concurrent CREATE OR REPLACE collide in the catalog.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('cluebus-schema'))`);
    await tx.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`);
    await tx.query(AUDIT_SCHEMA);
    if (extra.length === 0) return;
    const { rows } = await tx.query<{ may: boolean }>(`SELECT ${mayMigrateSql(AUDIT_TABLES)} AS may`);
    if (!rows[0]?.may) return;
    for (const statement of extra) await tx.query(statement);
    await tx.query(ALWAYS_FIRE_REFUSING_TRIGGERS);
  });
}
