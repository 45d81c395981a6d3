import { EVENT_STORE_APPEND_ONLY_TABLES } from './schema';
import { VAULT_TABLES } from './vault-schema';

/**
 * The least-privilege role layout of docs/adr/0007, as SQL for one PostgreSQL database.
 *
 * - The **migration role** owns the schema's tables and functions and runs every DDL: it opens
 *   the store once per deployment (SqlEventStore.open, the checkpointer's and the service's
 *   schema set-up, the projections'), then grantServiceSql runs. Only it (and a superuser) can
 *   switch the append-only triggers off.
 * - The **service role** is what the processes connect as. On history it may INSERT and SELECT
 *   only; on the rows it must move (the log head, subscriber positions, checkpointer state,
 *   leases, projections) SELECT, INSERT and UPDATE; DELETE only on the personal-data vault,
 *   whose erasure destroys keys and ciphertext (docs/adr/0010); nowhere TRUNCATE, REFERENCES or
 *   TRIGGER; it owns nothing, so it can neither ALTER nor DROP a table nor disable a trigger,
 *   and it cannot create objects in the schema. The schema set-up it runs on start is a no-op
 *   once the migration role has set the schema up (schema.ts).
 *
 * PGlite is one embedded superuser: the layout does not apply there (the triggers do).
 */
export interface RoleLayout {
  /** The database the roles work in. */
  database: string;
  /** The schema of the cluebus tables; `public` by default. Another schema is created, owned by the migration role, and put first on both roles' search_path in this database. */
  schema?: string;
  migrationRole: string;
  serviceRole: string;
  /** LOGIN with this password; without one the role is NOLOGIN (grant it to login roles, or set a password later). */
  migrationPassword?: string;
  servicePassword?: string;
}

/** Rows that are history: the service role may INSERT and SELECT, nothing else. */
export const HISTORY_TABLES = [
  ...EVENT_STORE_APPEND_ONLY_TABLES, // the events (sql/schema.ts)
  'cluebus_log_checkpoints', // signed checkpoints (audit/audit-schema.ts)
  'cluebus_merkle_nodes', // insert-only derived nodes (ON CONFLICT DO NOTHING)
  'cluebus_signing_keys', // public keys, insert-only (ON CONFLICT DO NOTHING)
  'cluebus_access_log', // investigators' reads (libs/service, audit/access-log)
  'cluebus_case_clues', // insert-only case index (libs/service, cases/case-tracks/case-index.ts)
  'cluebus_case_audience',
  'cluebus_bribery_watch',
  'cluebus_inbox_notices', // insert-only notices (libs/projections, inbox/inbox-notices.ts)
  'cluebus_blacklist_changes', // the listed/delisted feed (libs/projections, blacklist/blacklist.projection.ts)
  'cluebus_sanction_subjects', // sanction id → subject stream (libs/service, sanctions/shared/sanction-index.ts)
] as const;

/** Rows the service must move: SELECT, INSERT, UPDATE (upserts), never DELETE or TRUNCATE. */
export const STATE_TABLES = [
  'cluebus_log_head', // moved by every append (sql/schema.ts)
  'cluebus_checkpoints', // subscriber positions (relay, consumers)
  'cluebus_checkpointer_state', // audit/checkpointer.ts
  'cluebus_leases', // libs/processors/src/lease.ts
  'cluebus_processed_events', // dedup marks (libs/projections, idempotent-projector.ts)
  'cluebus_inbox', // libs/projections, inbox.projection.ts
  'cluebus_ledger_departments', // libs/projections, ledger.projection.ts
  'cluebus_transfer_ledger', // libs/projections, transfer-ledger.projection.ts (and its two side tables)
  'cluebus_transfer_ledger_clues',
  'cluebus_transfer_ledger_findings',
  'cluebus_blacklist_sanctions', // libs/projections, blacklist.projection.ts (a sanction's row is moved when it ends)
] as const;

/** The personal-data vault (vault-schema.ts): erasure (crypto-shredding) UPDATEs a key to NULL and DELETEs its ciphertext. */
export const ERASABLE_TABLES = [...VAULT_TABLES] as const;

/** Never for the service role: the standalone demo's private signing key (libs/service, audit-keys.ts). */
export const WITHHELD_TABLES = ['cluebus_standalone_signing_key'] as const;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function identifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new RangeError(`${what} must be a lower-case SQL identifier (a-z, 0-9, _; at most 63), not ${JSON.stringify(name)}`);
  return `"${name}"`;
}

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function names(layout: RoleLayout) {
  const schema = layout.schema ?? 'public';
  if (layout.migrationRole === layout.serviceRole) throw new RangeError('the migration and the service role must differ');
  return {
    db: identifier(layout.database, 'database'),
    schema: identifier(schema, 'schema'),
    schemaName: schema,
    mig: identifier(layout.migrationRole, 'migrationRole'),
    svc: identifier(layout.serviceRole, 'serviceRole'),
  };
}

function roleStatement(role: string, quoted: string, password: string | undefined): string[] {
  const attributes = `NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT ${password === undefined ? 'NOLOGIN' : `LOGIN PASSWORD ${literal(password)}`}`;
  return [
    `DO $cluebus_role$ BEGIN
       IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(role)}) THEN CREATE ROLE ${quoted}; END IF;
     END $cluebus_role$`,
    `ALTER ROLE ${quoted} WITH ${attributes}`,
  ];
}

/**
 * Creates (or brings to this layout) both roles and their database and schema rights. Run once
 * per database by an administrator (a superuser, or a role with CREATEROLE that owns the
 * database), connected to `layout.database`; safe to run again. It revokes CREATE on the
 * schema from PUBLIC (PostgreSQL < 15 grants it) — the database is meant for cluebus alone.
 * Tables created later by the migration role are INSERT/SELECT for the service role by default;
 * grantServiceSql sets each known table exactly.
 */
export function createRolesSql(layout: RoleLayout): string[] {
  const n = names(layout);
  return [
    ...roleStatement(layout.migrationRole, n.mig, layout.migrationPassword),
    ...roleStatement(layout.serviceRole, n.svc, layout.servicePassword),
    `GRANT CONNECT ON DATABASE ${n.db} TO ${n.mig}, ${n.svc}`,
    ...(n.schemaName === 'public'
      ? []
      : [
          `CREATE SCHEMA IF NOT EXISTS ${n.schema} AUTHORIZATION ${n.mig}`,
          `ALTER ROLE ${n.mig} IN DATABASE ${n.db} SET search_path = ${n.schema}`,
          `ALTER ROLE ${n.svc} IN DATABASE ${n.db} SET search_path = ${n.schema}`,
        ]),
    `REVOKE CREATE ON SCHEMA ${n.schema} FROM PUBLIC`,
    `GRANT USAGE, CREATE ON SCHEMA ${n.schema} TO ${n.mig}`,
    `REVOKE CREATE ON SCHEMA ${n.schema} FROM ${n.svc}`,
    `GRANT USAGE ON SCHEMA ${n.schema} TO ${n.svc}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${n.mig} IN SCHEMA ${n.schema} GRANT SELECT, INSERT ON TABLES TO ${n.svc}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${n.mig} IN SCHEMA ${n.schema} GRANT USAGE ON SEQUENCES TO ${n.svc}`,
  ];
}

/**
 * Sets the service role's rights on every cluebus table that exists: history INSERT/SELECT,
 * state SELECT/INSERT/UPDATE, the vault SELECT/INSERT/UPDATE/DELETE, the withheld ones nothing; PUBLIC gets nothing on any of them.
 * Run after each migration, as the migration role (or an administrator); idempotent.
 */
export function grantServiceSql(layout: RoleLayout): string[] {
  const n = names(layout);
  const array = (xs: readonly string[]) => `ARRAY[${xs.map(literal).join(', ')}]::text[]`;
  return [
    `DO $cluebus_grants$
DECLARE
  t text;
  s text := ${literal(n.schemaName)};
  svc text := ${literal(layout.serviceRole)};
BEGIN
  FOREACH t IN ARRAY ${array([...HISTORY_TABLES, ...STATE_TABLES, ...ERASABLE_TABLES, ...WITHHELD_TABLES])} LOOP
    IF to_regclass(format('%I.%I', s, t)) IS NOT NULL THEN
      EXECUTE format('REVOKE ALL ON TABLE %I.%I FROM PUBLIC, %I', s, t, svc);
      IF t = ANY (${array(HISTORY_TABLES)}) THEN
        EXECUTE format('GRANT SELECT, INSERT ON TABLE %I.%I TO %I', s, t, svc);
      ELSIF t = ANY (${array(STATE_TABLES)}) THEN
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON TABLE %I.%I TO %I', s, t, svc);
      ELSIF t = ANY (${array(ERASABLE_TABLES)}) THEN
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %I.%I TO %I', s, t, svc);
      END IF;
    END IF;
  END LOOP;
  EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO %I', s, svc);
END
$cluebus_grants$`,
  ];
}

/** Both steps' SQL, in order: roles (as an administrator), then grants (after the schema set-up). */
export function roleLayoutSql(layout: RoleLayout): { roles: string[]; grants: string[] } {
  return { roles: createRolesSql(layout), grants: grantServiceSql(layout) };
}

/**
 * Removes both roles (tests, teardown): run by an administrator after the database they work in
 * is dropped, or after DROP OWNED BY in it — which drops the migration role's tables too.
 */
export function dropRolesSql(layout: RoleLayout): string[] {
  const n = names(layout);
  return [`DROP ROLE IF EXISTS ${n.svc}`, `DROP ROLE IF EXISTS ${n.mig}`];
}
