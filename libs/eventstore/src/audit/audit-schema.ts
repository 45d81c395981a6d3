import type { SqlClient } from '../sql/sql-client';

/**
 * Tables of the audit side of the store (docs/adr/0005). Same SQL on PostgreSQL and PGlite.
 *
 * - cluebus_log_checkpoints: signed Merkle checkpoints, append-only (a trigger refuses UPDATE,
 *   DELETE and TRUNCATE: a signed statement is never withdrawn, a later one supersedes it).
 *   issued_at is text, the exact string that was signed.
 * - cluebus_merkle_nodes: every perfect subtree root of the tree over the log (see
 *   merkle-nodes.ts), so proofs need no rereading of events. Derived data: a wrong node only
 *   yields a proof that fails against the signed root, and proofs are checked before they leave.
 * - cluebus_checkpointer_state: where the checkpointer stands (size, last chain hash, frontier),
 *   written in the same transaction as its nodes and checkpoints, so it resumes without
 *   rereading the log.
 * - cluebus_signing_keys: public keys that have signed checkpoints, by key id (key rotation).
 *   Published for convenience; a verifier pins keys it got another way (ADR 0005).
 */
const STATEMENTS = [
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
  `CREATE OR REPLACE FUNCTION cluebus_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'cluebus: % on % refused: the table is append-only', TG_OP, TG_TABLE_NAME;
   END $$`,
  `CREATE OR REPLACE TRIGGER cluebus_log_checkpoints_append_only
     BEFORE UPDATE OR DELETE ON cluebus_log_checkpoints FOR EACH ROW EXECUTE FUNCTION cluebus_refuse_change()`,
  `CREATE OR REPLACE TRIGGER cluebus_log_checkpoints_no_truncate
     BEFORE TRUNCATE ON cluebus_log_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION cluebus_refuse_change()`,
];

/** Any fixed number: serialises schema set-up when several processes start at once. */
const SCHEMA_LOCK = 0x636c7565; // 'clue'

/**
 * Creates the audit tables if missing. Safe to run from every process at start: DDL runs under
 * a transaction-scoped advisory lock, because concurrent CREATE … IF NOT EXISTS and CREATE OR
 * REPLACE can still collide in PostgreSQL's catalogs.
 */
export async function ensureAuditSchema(sql: SqlClient, extra: readonly string[] = []): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`);
    for (const statement of [...STATEMENTS, ...extra]) await tx.query(statement);
  });
}
