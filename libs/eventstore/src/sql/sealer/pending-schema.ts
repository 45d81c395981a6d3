import { schemaScript } from '../schema';

/**
 * Tables of the concurrent append path (docs/adr/0009). None of them is history:
 * - `cluebus_pending` is a queue of committed, not yet sealed events; the sealer moves rows from
 *   it into `cluebus_events` (INSERT there, DELETE here, one transaction), so the history table
 *   stays insert-only (ADR 0007). `tx_id` is the appending transaction's id: the sealer takes
 *   only rows below the snapshot's xmin, i.e. of transactions that have finished (Emmett PR #336).
 * - `cluebus_stream_heads` holds each stream's version: appends lock only their stream's row,
 *   which keeps the expected-version check exact without a global lock.
 * An event id is unique across the queue and the history: the queue's unique index holds it among
 * queued events, and an append looks in the history after queuing (appendPending).
 */
const PENDING_DDL = [
  // Three indexes (every one is written by each append, and the row deleted again when sealed):
  // the primary key is the seal order (the sealer reads `tx_id < xmin ORDER BY tx_id, seq` along
  // it and deletes by it), (stream_id, stream_position) serves readStream's pending part, and
  // event_id (below) keeps an id once among queued events. Versions are exact through the stream
  // head's lock.
  `CREATE TABLE IF NOT EXISTS cluebus_pending (
  seq             bigserial   NOT NULL,
  tx_id           xid8        NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text        NOT NULL,
  stream_position integer     NOT NULL,
  event_id        uuid        NOT NULL,
  type            text        NOT NULL,
  schema_version  integer     NOT NULL,
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL,
  recorded_at     timestamptz NOT NULL,
  content         text,
  content_global_at integer,
  content_stream_at integer,
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
  // The event's canonical content, encoded once by the appender with 0 for both positions, and
  // where those two 0s are (UTF-16 offsets, as the sealer slices it; eventContentTemplate): the
  // sealer puts the positions in and hashes, where it decoded and re-encoded every event. data
  // and metadata are parsed from that same text at append (queuePendingSql), so what is stored is
  // what is hashed, and the sealer copies them without parsing (parsing in the one sealer cost it
  // 60 % of its statement). Added 2026-12-07; a row queued before has no content, and the sealer
  // encodes it from its columns as it did.
  `ALTER TABLE cluebus_pending ADD COLUMN IF NOT EXISTS content text,
    ADD COLUMN IF NOT EXISTS content_global_at integer, ADD COLUMN IF NOT EXISTS content_stream_at integer`,
  `CREATE TABLE IF NOT EXISTS cluebus_stream_heads (
  stream_id text    PRIMARY KEY,
  version   integer NOT NULL
)`,
  // Event ids were claimed in a table of their own, cluebus_event_ids, one more row per event for
  // ever (until 2026-12-07 (v2)). Now the queue's unique index and a look into the history after
  // queuing do it. Dropping that table and the functions that wrote it fences out processes of
  // the version before, mid rolling upgrade: their appends fail (the table is gone) rather than
  // queue an id this version stored, which the sealer could never move into the history.
  `CREATE UNIQUE INDEX IF NOT EXISTS cluebus_pending_event_id ON cluebus_pending (event_id)`,
  `DROP FUNCTION IF EXISTS cluebus_append_pending_v1`,
  `DROP FUNCTION IF EXISTS cluebus_append_pending_v2`,
  `DROP TABLE IF EXISTS cluebus_event_ids`,
];

/**
 * Guarded like the history's schema (schemaScript): once the tables are there it runs no DDL. It
 * used to run the script every time, and CREATE INDEX IF NOT EXISTS takes its table's SHARE lock
 * before it looks: a process starting (a sealer taking over) waited behind any append
 * transaction still open — the multi-process sealer contract holds one open on purpose.
 */
export const PENDING_SCHEMA = schemaScript({
  tables: ['cluebus_pending', 'cluebus_stream_heads'],
  appendOnly: [],
  ddl: PENDING_DDL,
  inPlace: [
    `to_regclass('cluebus_pending_order') IS NULL`,
    `EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('cluebus_pending') AND attname = 'content_stream_at' AND NOT attisdropped)`,
    `to_regclass('cluebus_pending_event_id') IS NOT NULL`,
    `to_regclass('cluebus_event_ids') IS NULL`,
  ],
});

/** Channel the sealer listens on: an append committed something to seal. */
export const PENDING_CHANNEL = 'cluebus_pending';
