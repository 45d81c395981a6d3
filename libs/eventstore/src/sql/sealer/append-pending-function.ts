/**
 * appendPending in ONE round trip (docs/adr/0009; the same idea as the inline path's function,
 * docs/adr/0005): lock the stream's head row (creating it from the sealed history for a stream
 * it does not know yet), check the expected version, queue the events, make sure no id of
 * theirs is stored already, move the head — one statement, so one transaction and one commit.
 * It answers only the plain case: it returns NULL, having written nothing that matters (at most
 * the head row a new stream needed, at its true version), when the version does not match, and
 * fails when an id is stored already (queued: the queue's unique index; sealed: found in the
 * history), rolling the statement back. The caller then takes the exact path, which answers
 * refusals, replays and clashes as before.
 * It does not NOTIFY the sealer: a NOTIFY makes every commit take the server's notification
 * queue lock, which serialised the appends of all processes again (store bench, 8 instances:
 * 1,198 → 1,742 appends/s without it); the sealer's 20 ms poll finds the events instead (seal
 * lag p99 31 ms at 500 appends/s, BENCHMARKS.md).
 * Versioned by name: a changed body gets a new name, never replaces one that running processes call.
 * v2 (2026-12-07) took each event as its canonical content template (queuePendingSql) instead of
 * a JSON array; v3 (2026-12-07) no longer claims ids in cluebus_event_ids (pending-schema.ts,
 * which drops v1, v2 and that table).
 */
export const APPEND_PENDING_FUNCTION = 'cluebus_append_pending_v3';

/**
 * Appends of one stream take this advisory lock (class, hashtext(stream)) before anything else,
 * and so before their transaction has an id. The sealer seals in transaction-id order, and an id
 * is handed out when a transaction first writes — which, for a row lock, is before it waits for
 * the lock: two appends racing on a stream could get their ids in one order and their stream
 * positions in the other, and the sealer then gave position n+1 the smaller global position (the
 * relay-concurrency e2e with the sealer: 18 delivered before 17). Waiting here, before the first
 * write, the second append's id is handed out only once the first has committed. The lock holds
 * no row and writes nothing; two streams whose names hash alike only wait for each other.
 */
export const STREAM_LOCK_CLASS = 715_011;

/** The error the function raises when an id of the append is in the history already. */
export const APPEND_PENDING_CLAIMED = 'cluebus_append_pending: event id claimed';

/** The queue's unique index on event_id: an append meeting it has an id queued already. */
export const PENDING_EVENT_ID_INDEX = 'cluebus_pending_event_id';

/**
 * After queuing (a statement of its own, so with a snapshot taken after the queue's unique index
 * let the rows in): is an id of the append in the history? The index waits for a sealer moving
 * a queued copy of the id, and lets the insert through once the copy is gone from the queue —
 * then it is in the history, committed, and a later statement sees it there.
 */
export function storedAlreadySql(ids: string): string {
  return `SELECT EXISTS (SELECT 1 FROM cluebus_events WHERE event_id = ANY(${ids}))`;
}

/**
 * The INSERT that queues an append's events after stream version `after` (SQL expressions: the
 * function's arguments or a statement's parameters); both appending paths use it.
 *
 * `events` is one JSON array (text) of the events' canonical contents, each with 0 for both
 * positions; `globalAt` and `streamAt` say where those 0s are in each (appendTemplates). The json
 * type keeps each element's text as sent, so the row keeps it, as `content`, for the sealer, which
 * then only puts the positions in and hashes; data and metadata are parsed from the same text, so
 * what is stored is what will be hashed, and what jsonb refuses (a U+0000, a lone surrogate) is
 * refused now, with PostgreSQL's error. One text parameter, not text arrays: an array literal
 * escapes every quote of the JSON, on both sides. Rows are inserted in the append's order: `seq`,
 * the seal order inside a transaction, follows it.
 */
export function queuePendingSql(p: { stream: string; after: string; ids: string; events: string; globalAt: string; streamAt: string; recordedAt: string }): string {
  // OFFSET 0 keeps the subquery a subquery: flattened, each use of t and j re-ran its cast, and
  // every event was parsed as jsonb four times (the append took twice as long).
  return `INSERT INTO cluebus_pending (stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at, content, content_global_at, content_stream_at)
    SELECT ${p.stream}, ${p.after} + a.ord, (${p.ids})[a.ord], a.j->>'type', (a.j->>'schemaVersion')::integer, a.j->'data', a.j->'metadata', ${p.recordedAt},
           a.t, (${p.globalAt})[a.ord], (${p.streamAt})[a.ord]
      FROM (SELECT e::text AS t, e::jsonb AS j, ord::integer AS ord FROM json_array_elements(${p.events}::json) WITH ORDINALITY AS x(e, ord) OFFSET 0) AS a
     ORDER BY a.ord`;
}

export const APPEND_PENDING_FUNCTION_SQL = `
CREATE OR REPLACE FUNCTION ${APPEND_PENDING_FUNCTION}(
  p_stream text, p_expected integer, p_any boolean, p_ids uuid[], p_events text, p_global_at integer[], p_stream_at integer[], p_recorded_at timestamptz
) RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  v_version integer;
BEGIN
  PERFORM pg_advisory_xact_lock(${STREAM_LOCK_CLASS}, hashtext(p_stream));
  -- The common case in one statement: the stream's head row is there and at the expected version;
  -- the UPDATE locks, checks and moves it at once (a separate SELECT … FOR UPDATE wrote the row
  -- lock as one more heap change per append).
  UPDATE cluebus_stream_heads SET version = version + cardinality(p_ids)
    WHERE stream_id = p_stream AND (p_any OR version = p_expected)
    RETURNING version - cardinality(p_ids) INTO v_version;
  IF NOT FOUND THEN
    -- A stream without a head row yet (created from its sealed history), or another version.
    SELECT version INTO v_version FROM cluebus_stream_heads WHERE stream_id = p_stream FOR UPDATE;
    IF NOT FOUND THEN
      INSERT INTO cluebus_stream_heads (stream_id, version)
        SELECT p_stream, coalesce((SELECT max(stream_position) FROM cluebus_events WHERE stream_id = p_stream), -1)
        ON CONFLICT (stream_id) DO NOTHING;
      SELECT version INTO v_version FROM cluebus_stream_heads WHERE stream_id = p_stream FOR UPDATE;
    END IF;
    IF NOT p_any AND v_version <> p_expected THEN
      RETURN NULL;
    END IF;
    UPDATE cluebus_stream_heads SET version = v_version + cardinality(p_ids) WHERE stream_id = p_stream;
  END IF;
  ${queuePendingSql({ stream: 'p_stream', after: 'v_version', ids: 'p_ids', events: 'p_events', globalAt: 'p_global_at', streamAt: 'p_stream_at', recordedAt: 'p_recorded_at' })};
  IF (${storedAlreadySql('p_ids')}) THEN
    RAISE EXCEPTION '${APPEND_PENDING_CLAIMED}';
  END IF;
  RETURN v_version + cardinality(p_ids);
END
$fn$`;
