import { schemaScript } from '../schema';

/**
 * Tables of the concurrent append path (docs/adr/0009). None of them is history:
 * - `cluebus_pending` is a queue of committed, not yet sealed events; the sealer moves rows from
 *   it into `cluebus_events` (INSERT there, DELETE here, one transaction), so the history table
 *   stays insert-only (ADR 0007). `tx_id` is the appending transaction's id: the sealer takes
 *   only rows below the snapshot's xmin, i.e. of transactions that have finished (Emmett PR #336).
 * - `cluebus_stream_heads` holds each stream's version: appends lock only their stream's row,
 *   which keeps the expected-version check exact without a global lock.
 * - `cluebus_event_ids` claims event ids at append time, so a replay or a clash is answered the
 *   same whether or not the first append is sealed yet.
 */
const CONTENT_CHECK = 'cluebus_pending_content';

const PENDING_DDL = [
  // Two indexes, the fewest the queue can do with (every one is written by each append, and the
  // row deleted again when sealed): the primary key is the seal order (the sealer reads
  // `tx_id < xmin ORDER BY tx_id, seq` along it and deletes by it), and (stream_id,
  // stream_position) serves readStream's pending part. Event ids are unique through
  // cluebus_event_ids (claimed by the same transaction), versions through the stream head's lock.
  `CREATE TABLE IF NOT EXISTS cluebus_pending (
  seq             bigserial   NOT NULL,
  tx_id           xid8        NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text        NOT NULL,
  stream_position integer     NOT NULL,
  event_id        uuid        NOT NULL,
  type            text        NOT NULL,
  schema_version  integer     NOT NULL,
  data            jsonb,
  metadata        jsonb,
  recorded_at     timestamptz NOT NULL,
  content_head    text,
  content_tail    text,
  PRIMARY KEY (tx_id, seq),
  UNIQUE (stream_id, stream_position)
)`,
  // The first layout (2026-12-02) had four: seq alone as the key, event_id unique and an order
  // index. Migrated in place; the queue's rows stay where they are.
  `IF to_regclass('cluebus_pending_order') IS NOT NULL THEN
    ALTER TABLE cluebus_pending DROP CONSTRAINT IF EXISTS cluebus_pending_event_id_key;
    ALTER TABLE cluebus_pending DROP CONSTRAINT cluebus_pending_pkey, ADD PRIMARY KEY (tx_id, seq);
    DROP INDEX cluebus_pending_order;
  END IF`,
  // The event as its canonical content, encoded by the appender and cut where the global position
  // goes (eventContentTemplate; content_tail has the stream position in it already): the sealer
  // splices in the position and hashes, where it decoded and re-encoded every event; data and
  // metadata are parsed from that text when the row is sealed (or read), so the queue stores each
  // event once and what is stored is what was hashed. Added 2026-12-07; a row queued before holds
  // data and metadata instead, and the sealer encodes it from them as it did.
  `ALTER TABLE cluebus_pending ADD COLUMN IF NOT EXISTS content_head text, ADD COLUMN IF NOT EXISTS content_tail text,
    ALTER COLUMN data DROP NOT NULL, ALTER COLUMN metadata DROP NOT NULL`,
  `ALTER TABLE cluebus_pending DROP CONSTRAINT IF EXISTS ${CONTENT_CHECK}`,
  `ALTER TABLE cluebus_pending ADD CONSTRAINT ${CONTENT_CHECK}
    CHECK (content_head IS NOT NULL AND content_tail IS NOT NULL OR data IS NOT NULL AND metadata IS NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS cluebus_stream_heads (
  stream_id text    PRIMARY KEY,
  version   integer NOT NULL
)`,
  `CREATE TABLE IF NOT EXISTS cluebus_event_ids (
  event_id        uuid    PRIMARY KEY,
  stream_id       text    NOT NULL,
  stream_position integer NOT NULL
)`,
];

/**
 * Guarded like the history's schema (schemaScript): once the tables are there it runs no DDL. It
 * used to run the script every time, and CREATE INDEX IF NOT EXISTS takes its table's SHARE lock
 * before it looks: a process starting (a sealer taking over) waited behind any append
 * transaction still open — the multi-process sealer contract holds one open on purpose.
 */
export const PENDING_SCHEMA = schemaScript({
  tables: ['cluebus_pending', 'cluebus_stream_heads', 'cluebus_event_ids'],
  appendOnly: [],
  ddl: PENDING_DDL,
  inPlace: [
    `to_regclass('cluebus_pending_order') IS NULL`,
    `EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass('cluebus_pending') AND conname = '${CONTENT_CHECK}')`,
  ],
});

/**
 * A queued row's data and metadata: its own columns (a row queued before 2026-12-07), or parsed
 * from its content template (the global position is not needed for them; 0 stands in). For a
 * `CROSS JOIN LATERAL (…) AS j` over the queue aliased `alias`; read `j.data` and `j.metadata`.
 */
export function pendingPayloadSql(alias: string): string {
  const a = alias;
  return `SELECT coalesce(${a}.data, c.e->'data') AS data, coalesce(${a}.metadata, c.e->'metadata') AS metadata
    FROM (SELECT CASE WHEN ${a}.content_head IS NULL THEN NULL ELSE (${a}.content_head || '0' || ${a}.content_tail)::jsonb END AS e) AS c`;
}

/** Channel the sealer listens on: an append committed something to seal. */
export const PENDING_CHANNEL = 'cluebus_pending';
