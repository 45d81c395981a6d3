/**
 * One schema for PostgreSQL and PGlite. Rows are never updated or deleted by cluebus
 * (corrections are new events); `cluebus_log_head` is the one mutable row and doubles as the
 * writers' lock: every append takes it FOR UPDATE, so global positions are handed out in
 * commit order and a reader can never see position n+1 before n (see docs/adr/0002).
 */
export const EVENT_STORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS cluebus_events (
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
);

CREATE TABLE IF NOT EXISTS cluebus_log_head (
  id              integer PRIMARY KEY CHECK (id = 1),
  global_position bigint  NOT NULL,
  hash            text    NOT NULL,
  hash_algorithm  text    NOT NULL
);

-- Positions of subscribers (relay, projections, consumers), stored beside their effects.
CREATE TABLE IF NOT EXISTS cluebus_checkpoints (
  name       text        PRIMARY KEY,
  position   bigint      NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`;

export const NOTIFY_CHANNEL = 'cluebus_events';
