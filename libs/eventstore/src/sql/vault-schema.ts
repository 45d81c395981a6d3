import type { SqlClient } from './sql-client';

/**
 * The personal-data vault's tables (docs/adr/0010), in the store's database but outside the
 * history: the one place cluebus deletes on purpose. Erasure (crypto-shredding) sets a data key
 * to NULL and deletes the ciphertext it sealed, so these tables are neither append-only nor
 * covered by the hash chain; the events hold only tokens and salted commitments.
 *
 * - cluebus_vault_keys: one AES-256 data key per (token, registering department), wrapped by
 *   the master key (CLUEBUS_VAULT_MASTER_KEY); `wrapped_key` NULL once shredded; `generation`
 *   counts the keys made (data sealed after an erasure gets a new one), 0 for a row that only
 *   records the erasure of data a v1 event holds.
 * - cluebus_vault_entries: one AES-256-GCM ciphertext per (token, owner, record, field), holding
 *   the value and its commitment's salt; `record` names where the data appears (`<clueId>/subjects/<i>`, `<clueId>/reporter`).
 *
 * Guarded like the store's schema: a no-op once both tables exist, so the service role (no
 * CREATE) can run it after the migration role did.
 */
export const VAULT_TABLES = ['cluebus_vault_keys', 'cluebus_vault_entries'] as const;

export const VAULT_SCHEMA = `
DO $cluebus_vault$ BEGIN
  IF to_regclass('cluebus_vault_keys') IS NULL OR to_regclass('cluebus_vault_entries') IS NULL THEN
    CREATE TABLE IF NOT EXISTS cluebus_vault_keys (
      token       text        NOT NULL,
      owner       text        NOT NULL,
      wrapped_key bytea,
      generation  integer     NOT NULL,
      sealed_at   timestamptz NOT NULL,
      erased_at   timestamptz,
      PRIMARY KEY (token, owner)
    );
    CREATE TABLE IF NOT EXISTS cluebus_vault_entries (
      token  text  NOT NULL,
      owner  text  NOT NULL,
      record text  NOT NULL,
      field  text  NOT NULL,
      sealed bytea NOT NULL,
      PRIMARY KEY (token, owner, record, field),
      FOREIGN KEY (token, owner) REFERENCES cluebus_vault_keys (token, owner)
    );
  END IF;
END $cluebus_vault$;
`;

export async function ensureVaultSchema(sql: Pick<SqlClient, 'exec'>): Promise<void> {
  await sql.exec(VAULT_SCHEMA);
}
