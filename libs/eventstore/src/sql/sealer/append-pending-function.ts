/**
 * appendPending in ONE round trip (docs/adr/0009; the same idea as the inline path's function,
 * docs/adr/0005): lock the stream's head row (creating it from the sealed history for a stream
 * it does not know yet), check the expected version, claim the ids, queue the events, move the
 * head — one statement, so one transaction and one commit. It answers only
 * the plain case: it returns NULL, having written nothing that matters (at most the head row a
 * new stream needed, at its true version), when the version does not match, and raises when an
 * id is claimed already (rolling the statement back). The caller then takes the exact path,
 * which answers refusals, replays and clashes as before. The transaction's id (tx_id, the
 * sealer's fence) is taken by the INSERT, as on the exact path.
 * It does not NOTIFY the sealer: a NOTIFY makes every commit take the server's notification
 * queue lock, which serialised the appends of all processes again (store bench, 8 instances:
 * 1,198 → 1,742 appends/s without it); the sealer's 20 ms poll finds the events instead (seal
 * lag p99 31 ms at 500 appends/s, BENCHMARKS.md).
 * Versioned by name: a changed body gets a new name, never replaces one that running processes call.
 */
export const APPEND_PENDING_FUNCTION = 'cluebus_append_pending_v1';

/** The error the function raises when an id of the append is claimed already. */
export const APPEND_PENDING_CLAIMED = 'cluebus_append_pending: event id claimed';

export const APPEND_PENDING_FUNCTION_SQL = `
CREATE OR REPLACE FUNCTION ${APPEND_PENDING_FUNCTION}(
  p_stream text, p_expected integer, p_any boolean, p_ids uuid[], p_events jsonb, p_recorded_at timestamptz
) RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  v_version integer;
  v_claimed integer;
BEGIN
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
  INSERT INTO cluebus_event_ids (event_id, stream_id, stream_position)
    SELECT id, p_stream, v_version + ord FROM unnest(p_ids) WITH ORDINALITY AS u(id, ord)
    ON CONFLICT (event_id) DO NOTHING;
  GET DIAGNOSTICS v_claimed = ROW_COUNT;
  IF v_claimed <> cardinality(p_ids) THEN
    RAISE EXCEPTION '${APPEND_PENDING_CLAIMED}';
  END IF;
  INSERT INTO cluebus_pending (stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at)
    SELECT p_stream, v_version + ord, (e->>'eventId')::uuid, e->>'type', (e->>'schemaVersion')::integer, e->'data', e->'metadata', p_recorded_at
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS a(e, ord);
  UPDATE cluebus_stream_heads SET version = v_version + cardinality(p_ids) WHERE stream_id = p_stream;
  RETURN v_version + cardinality(p_ids);
END
$fn$`;
