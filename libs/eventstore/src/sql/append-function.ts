/**
 * The append fast path as one server-side function, so an append is ONE round trip (see
 * SqlEventStore.commitFastPath and docs/adr/0005). The caller has sealed the events (positions,
 * chain hashes) from the head it believes current. The function moves the head from exactly
 * that value to the new one — the UPDATE takes the writers' lock (the head row, as every append
 * does, ADR 0002) and matches nothing if another append moved the head meanwhile, in which case
 * it returns false having written nothing. Holding the lock, it checks each stream is at the
 * version expected and inserts the rows; a stored event id fails the insert on the unique
 * index. A failed check raises, so the whole statement rolls back. Either way the caller then
 * takes the locked path, which answers each append exactly (refusal, idempotent replay).
 *
 * Each statement of a VOLATILE plpgsql function takes a fresh snapshot in READ COMMITTED, so
 * the checks after the lock see every committed event. They are plain index lookups in a loop:
 * cached plans of set-valued forms (unnest, = ANY) can degrade into scans.
 * Versioned by name: a changed body gets a new name, never replaces one that running
 * processes call. v2 also matches nothing while the store's head says a sealer assigns the
 * positions (cluebus_log_head.sealing, docs/adr/0009); the locked path then refuses the append.
 */
export const APPEND_FUNCTION = 'cluebus_append_v2';

export const APPEND_FUNCTION_SQL = `
CREATE OR REPLACE FUNCTION ${APPEND_FUNCTION}(
  p_old_position bigint, p_old_hash text, p_new_position bigint, p_new_hash text,
  p_rows jsonb, p_streams text[], p_versions integer[], p_channel text
) RETURNS boolean LANGUAGE plpgsql AS $fn$
DECLARE
  v_version integer;
BEGIN
  UPDATE cluebus_log_head SET global_position = p_new_position, hash = p_new_hash
   WHERE id = 1 AND global_position = p_old_position AND hash = p_old_hash AND sealing = 'inline';
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  FOR i IN 1 .. coalesce(array_length(p_streams, 1), 0) LOOP
    SELECT max(stream_position) INTO v_version FROM cluebus_events WHERE stream_id = p_streams[i];
    IF coalesce(v_version, -1) <> p_versions[i] THEN
      RAISE EXCEPTION 'cluebus: stream % is at version %, not %', p_streams[i], coalesce(v_version, -1), p_versions[i];
    END IF;
  END LOOP;
  INSERT INTO cluebus_events (global_position, stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
  SELECT * FROM jsonb_to_recordset(p_rows) AS r(
    global_position bigint, stream_id text, stream_position integer, event_id uuid, type text, schema_version integer,
    data jsonb, metadata jsonb, recorded_at timestamptz, prev_hash text, hash text);
  PERFORM pg_notify(p_channel, p_new_position::text);
  RETURN true;
END
$fn$`;

/** Serialises the function's creation when several processes open the store at once. */
export const APPEND_FUNCTION_LOCK = 0x636c7566; // 'cluf'
