/**
 * One schema for PostgreSQL and PGlite. Rows of the history are never updated or deleted by
 * cluebus (corrections are new events); `cluebus_log_head` is the one mutable row of the log and
 * doubles as the writers' lock: every append takes it FOR UPDATE, so global positions are handed
 * out in commit order and a reader can never see position n+1 before n (see docs/adr/0002).
 *
 * The history is append-only in the database too (docs/adr/0007): a trigger refuses UPDATE,
 * DELETE and TRUNCATE on `cluebus_events` (and, from the audit schema, on the signed
 * checkpoints and the access log), with SQLSTATE 23001 and the message
 * "<table> is append-only: <operation> refused". The triggers fire ALWAYS, so
 * `session_replication_role = replica` does not switch them off; only the table's owner can
 * (ALTER TABLE … DISABLE TRIGGER), and the least-privilege service role of roles.sql.ts has no
 * UPDATE, DELETE or TRUNCATE privilege on the history in the first place.
 *
 * Schema set-up is a guarded script (schemaScript): when every table is there and every
 * append-only trigger is in place and enabled, it changes nothing and needs no privilege, so a
 * service role without CREATE on the schema can open the store after the migration role set it
 * up. Otherwise it (re)creates what is missing — if the current role may (it can create in the
 * schema and owns what exists); if it may not, a missing table is an error naming the migration
 * role, a disabled or altered trigger a WARNING in the server log (the privileges still hold).
 */

/** SQLSTATE of a refused change to an append-only table: 23001 restrict_violation. */
export const APPEND_ONLY_SQLSTATE = '23001';

/** The trigger function every append-only table uses (also the checkpoints' and the access log's). */
export const REFUSE_CHANGE_FUNCTION = 'cluebus_refuse_change';

/** Exactly what is stored as the function's source (pg_proc.prosrc), so a replaced body is noticed. */
const REFUSE_CHANGE_BODY = `
BEGIN
  RAISE EXCEPTION USING
    ERRCODE = '${APPEND_ONLY_SQLSTATE}',
    MESSAGE = format('%s is append-only: %s refused', TG_TABLE_NAME, TG_OP),
    DETAIL = 'cluebus never changes or removes recorded history; a correction is a new event.',
    HINT = 'see docs/adr/0007-append-only-log-and-roles.md';
END
`;

export const REFUSE_CHANGE_FUNCTION_SQL = `CREATE OR REPLACE FUNCTION ${REFUSE_CHANGE_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $cluebus_fn$${REFUSE_CHANGE_BODY}$cluebus_fn$`;

/** The two triggers of an append-only table: rows (UPDATE, DELETE) and the statement TRUNCATE. */
export function appendOnlyTriggerNames(table: string): { rows: string; truncate: string } {
  return { rows: `${table}_append_only`, truncate: `${table}_no_truncate` };
}

/** pg_trigger.tgtype of each: ROW|BEFORE|DELETE|UPDATE = 1+2+8+16, BEFORE|TRUNCATE = 2+32. */
const TGTYPE = { rows: 27, truncate: 34 };

/**
 * Statements that make `table` append-only: the two triggers, each set to fire ALWAYS (also
 * under session_replication_role = replica). CREATE OR REPLACE TRIGGER resets a trigger to
 * "origin", hence the ENABLE ALWAYS after it.
 */
export function appendOnlyTriggerDdl(table: string): string[] {
  const t = appendOnlyTriggerNames(table);
  return [
    `CREATE OR REPLACE TRIGGER ${t.rows} BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${REFUSE_CHANGE_FUNCTION}()`,
    `CREATE OR REPLACE TRIGGER ${t.truncate} BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${REFUSE_CHANGE_FUNCTION}()`,
    `ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${t.rows}`,
    `ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${t.truncate}`,
  ];
}

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** SQL: true when `table`'s two append-only triggers exist as created, call the function and fire ALWAYS. */
export function appendOnlyInPlaceSql(table: string): string {
  const t = appendOnlyTriggerNames(table);
  const one = (name: string, tgtype: number) =>
    `EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(${literal(table)}) AND tgname = ${literal(name)}
       AND tgenabled = 'A' AND tgtype = ${tgtype} AND tgqual IS NULL AND tgattr::text = ''
       AND tgfoid = to_regprocedure(${literal(`${REFUSE_CHANGE_FUNCTION}()`)}))`;
  return `(${one(t.rows, TGTYPE.rows)} AND ${one(t.truncate, TGTYPE.truncate)})`;
}

/** SQL: true when the trigger function exists with exactly the body above. */
export const REFUSE_CHANGE_IN_PLACE_SQL = `coalesce((SELECT prosrc FROM pg_proc WHERE oid = to_regprocedure(${literal(
  `${REFUSE_CHANGE_FUNCTION}()`,
)})) = $cluebus_body$${REFUSE_CHANGE_BODY}$cluebus_body$, false)`;

/**
 * SQL: true when the current role may run the schema's DDL: it may create in the current schema,
 * and it owns (or is a member of the owner of) each of `tables` that exists and the trigger
 * function, if that exists. Superusers (PGlite's only user) always may.
 */
export function mayMigrateSql(tables: readonly string[]): string {
  const regs = tables.map((t) => `to_regclass(${literal(t)})`).join(', ');
  return `(coalesce(has_schema_privilege(current_schema(), 'CREATE'), false)
    AND NOT EXISTS (SELECT 1 FROM pg_class WHERE oid IN (${regs}) AND NOT pg_has_role(relowner, 'USAGE'))
    AND NOT EXISTS (SELECT 1 FROM pg_proc WHERE oid = to_regprocedure(${literal(`${REFUSE_CHANGE_FUNCTION}()`)}) AND NOT pg_has_role(proowner, 'USAGE')))`;
}

export interface SchemaSpec {
  /** Tables the script creates (all must exist for it to be "in place"). */
  tables: readonly string[];
  /** Those of them that are append-only (their triggers must be in place and enabled). */
  appendOnly: readonly string[];
  /** Idempotent DDL creating everything (CREATE … IF NOT EXISTS, CREATE OR REPLACE …). */
  ddl: readonly string[];
  /** Further SQL conditions of "in place": a table of an older layout that `ddl` migrates is not (false when the tables are missing is fine). */
  inPlace?: readonly string[];
}

/**
 * One statement (a DO block) that runs `ddl` only when something is missing or altered, and
 * only as a role that may; see the file comment. Same SQL on PostgreSQL and PGlite.
 */
export function schemaScript(spec: SchemaSpec): string {
  const missing = spec.tables.map((t) => `to_regclass(${literal(t)}) IS NULL`).join(' OR ');
  const inPlace = [
    `NOT (${missing})`,
    ...(spec.inPlace ?? []),
    ...(spec.appendOnly.length > 0 ? [REFUSE_CHANGE_IN_PLACE_SQL, ...spec.appendOnly.map(appendOnlyInPlaceSql)] : []),
  ].join('\n    AND ');
  const names = spec.tables.join(', ');
  const guarded = spec.appendOnly.join(', ');
  return `DO $cluebus_schema$
BEGIN
  IF ${inPlace} THEN
    RETURN;
  END IF;
  IF NOT ${mayMigrateSql(spec.tables)} THEN
    IF ${missing} THEN
      RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = format('cluebus: the tables %s are not all set up, and role %s may not create them', ${literal(names)}, current_user),
        HINT = 'run the schema set-up once as the migration role that owns the tables (docs/adr/0007)';
    END IF;
    RAISE WARNING 'cluebus: the append-only triggers of % are missing, disabled or altered, and role % cannot restore them: only privileges protect the history now; open the store once as the migration role (docs/adr/0007)', ${literal(guarded)}, current_user;
    RETURN;
  END IF;
${spec.ddl.map((s) => `  ${s.trim()};`).join('\n')}
END
$cluebus_schema$;`;
}

export const EVENT_STORE_TABLES = ['cluebus_events', 'cluebus_log_head', 'cluebus_checkpoints'] as const;

/** Tables of the store whose rows are history: INSERT and SELECT only (roles.sql.ts). */
export const EVENT_STORE_APPEND_ONLY_TABLES = ['cluebus_events'] as const;

const EVENT_STORE_DDL = [
  `CREATE TABLE IF NOT EXISTS cluebus_events (
    global_position bigint      PRIMARY KEY,
    stream_id       text        NOT NULL,
    stream_position integer     NOT NULL,
    event_id        uuid        NOT NULL UNIQUE,
    type            text        NOT NULL,
    schema_version  integer     NOT NULL,
    data            jsonb       NOT NULL,
    metadata        jsonb       NOT NULL,
    recorded_at     timestamptz NOT NULL,
    prev_hash       text        NOT NULL,
    hash            text        NOT NULL,
    UNIQUE (stream_id, stream_position)
  )`,
  `CREATE TABLE IF NOT EXISTS cluebus_log_head (
    id              integer PRIMARY KEY CHECK (id = 1),
    global_position bigint  NOT NULL,
    hash            text    NOT NULL,
    hash_algorithm  text    NOT NULL
  )`,
  // Who assigns positions (docs/adr/0009): 'inline' appends under this row, or 'sealer'. Set to
  // 'sealer' by the first process that opens the store so; inline appends check it under the
  // row's lock and are refused while it says 'sealer' — they do not see appends still queued
  // for the sealer and would take their stream positions, which then jams the sealer.
  `ALTER TABLE cluebus_log_head ADD COLUMN IF NOT EXISTS sealing text NOT NULL DEFAULT 'inline' CHECK (sealing IN ('inline', 'sealer'))`,
  // Positions of subscribers (relay, projections, consumers), stored beside their effects.
  `CREATE TABLE IF NOT EXISTS cluebus_checkpoints (
    name       text        PRIMARY KEY,
    position   bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  REFUSE_CHANGE_FUNCTION_SQL,
  ...EVENT_STORE_APPEND_ONLY_TABLES.flatMap(appendOnlyTriggerDdl),
];

/** Run by SqlEventStore.open (sql.exec) on every start; a no-op once in place. */
export const EVENT_STORE_SCHEMA = schemaScript({
  tables: EVENT_STORE_TABLES,
  appendOnly: EVENT_STORE_APPEND_ONLY_TABLES,
  ddl: EVENT_STORE_DDL,
  // A store created before the sealing column gets it.
  inPlace: [`EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('cluebus_log_head') AND attname = 'sealing' AND NOT attisdropped)`],
});

export const NOTIFY_CHANNEL = 'cluebus_events';
