import type { RecordedEvent } from '@cluebus/contracts';
import { chainHash, chainHashOfParts, type HashAlgorithm } from '@cluebus/audit';
import type { SqlClient, SqlExecutor } from '../sql-client';
import { NOTIFY_CHANNEL } from '../schema';

/**
 * A queued event as the sealer reads it: its canonical content with 0 for both positions and where
 * they are (appendTemplates), or — a row queued before the content was — its columns, which the
 * sealer then encodes itself.
 */
interface PendingRow {
  tx_id: string;
  seq: string;
  stream_id: string;
  stream_position: number;
  event_id: string;
  content: string | null;
  content_global_at: number | null;
  content_stream_at: number | null;
  legacy: Pick<RecordedEvent, 'type' | 'schemaVersion' | 'data' | 'metadata' | 'recordedAt'> | null;
}

/** What sealing gave an event: its place in the log and its chain hash. */
export interface SealedPosition {
  eventId: string;
  streamId: string;
  streamPosition: number;
  globalPosition: number;
  hash: string;
}

/**
 * Where the last batch of this sealer ended in the queue's order, (tx_id, seq). Nothing can be
 * pending before it: every row sealed had tx_id below its snapshot's xmin, so every transaction
 * up to it had finished and all of its rows were visible and taken in order. Starting the scan
 * there keeps it off the index entries of rows sealed (deleted) since the last vacuum, which a
 * scan from the start walks on every batch: with tens of thousands of them the seal lag grew
 * from milliseconds to a hundred (store bench). A new sealer starts without one.
 */
export interface SealCursor {
  txId?: string;
  seq?: string;
}

export interface SealBatchOptions {
  /** Most events sealed in one transaction. */
  maxEvents?: number;
  /** Read from, and moved to the batch's last row once it has committed. */
  cursor?: SealCursor;
  /** Runs first in the batch's transaction: the lease fence (ADR 0006); throws when the lease is lost. */
  fence?: (tx: SqlExecutor) => Promise<void>;
}

/**
 * Seals one batch (docs/adr/0009): in ONE transaction, takes the head, reads the pending events
 * of finished transactions only — `tx_id < pg_snapshot_xmin(pg_current_snapshot())`, so an
 * append still open stops the batch before it and is never skipped — stamps contiguous
 * positions and the chain hash in that order, inserts them into the history, removes them from
 * the queue and moves the head. Killed midway, the transaction rolls back and the rows stay
 * pending for the next sealer. Returns the events sealed (empty: nothing ready).
 */
export async function sealPendingBatch(sql: SqlClient, algorithm: HashAlgorithm, options: SealBatchOptions = {}): Promise<SealedPosition[]> {
  const { cursor } = options;
  let last: PendingRow | undefined;
  const sealed = await sql.transaction(async (tx) => {
    await options.fence?.(tx);
    const head = (await tx.query<{ global_position: string | number; hash: string }>(
      `SELECT global_position, hash FROM cluebus_log_head WHERE id = 1 FOR UPDATE`,
    )).rows[0];
    const { rows } = await tx.query<PendingRow>(
      // ORDER BY names the table's columns (p.): an unqualified tx_id there is the output column,
      // tx_id::text, and sorted as text ('10000' < '9999') it sealed transactions out of order
      // once ids gained a digit — and the cursor then passed rows still pending.
      `SELECT p.tx_id::text AS tx_id, p.seq, p.stream_id, p.stream_position, p.event_id, p.content, p.content_global_at, p.content_stream_at,
              CASE WHEN p.content IS NULL THEN json_build_object('type', p.type, 'schemaVersion', p.schema_version, 'data', p.data, 'metadata', p.metadata,
                'recordedAt', to_char(p.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END AS legacy
         FROM cluebus_pending p WHERE p.tx_id < pg_snapshot_xmin(pg_current_snapshot())
          AND ($2::xid8 IS NULL OR (p.tx_id, p.seq) > ($2::xid8, $3::bigint))
        ORDER BY p.tx_id, p.seq LIMIT $1`,
      [options.maxEvents ?? 1000, cursor?.txId ?? null, cursor?.seq ?? null],
    );
    if (rows.length === 0) return [];
    last = rows[rows.length - 1];
    let position = Number(head.global_position);
    let prevHash = head.hash;
    const sealed = rows.map((row): SealedPosition => {
      position += 1;
      const hash = row.content !== null
        ? chainHashOfParts(prevHash, spliced(row, position), algorithm)
        : chainHash(prevHash, { ...row.legacy!, globalPosition: position, streamId: row.stream_id, streamPosition: Number(row.stream_position), eventId: row.event_id }, algorithm);
      prevHash = hash;
      return { eventId: row.event_id, streamId: row.stream_id, streamPosition: Number(row.stream_position), globalPosition: position, hash };
    });
    // The events' rows are moved from the queue inside the server (only positions and hashes
    // travel): sending them back as JSON cost the sealer a serialisation in Node and a jsonb parse
    // per event in PostgreSQL, and the sealer was the 8-process bench's bottleneck (BENCHMARKS.md).
    // The DELETE hands its rows to the INSERT, so each queued row is looked up once, not once to
    // copy and once to delete. recorded_at is hashed at millisecond precision (a JS Date), and
    // stored as hashed.
    const { rows: done } = await tx.query<{ inserted: string; deleted: string }>(
      `WITH s AS (SELECT * FROM unnest($1::xid8[], $2::bigint[], $3::bigint[], $4::text[], $5::text[]) AS s(tx_id, seq, global_position, prev_hash, hash)),
       del AS (
         DELETE FROM cluebus_pending p USING s WHERE p.tx_id = s.tx_id AND p.seq = s.seq
         RETURNING s.global_position, p.stream_id, p.stream_position, p.event_id, p.type, p.schema_version, p.data, p.metadata, p.recorded_at, s.prev_hash, s.hash),
       ins AS (
         INSERT INTO cluebus_events (global_position, stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
         SELECT global_position, stream_id, stream_position, event_id, type, schema_version, data, metadata, date_trunc('milliseconds', recorded_at), prev_hash, hash
           FROM del ORDER BY global_position
         RETURNING 1),
       head AS (UPDATE cluebus_log_head SET global_position = $6, hash = $7 WHERE id = 1 RETURNING 1)
       SELECT (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM del) AS deleted, pg_notify($8, $6::text)`,
      [
        rows.map((r) => r.tx_id),
        rows.map((r) => r.seq),
        sealed.map((e) => e.globalPosition),
        [head.hash, ...sealed.slice(0, -1).map((e) => e.hash)],
        sealed.map((e) => e.hash),
        position,
        prevHash,
        NOTIFY_CHANNEL,
      ],
    );
    // Each row read is moved exactly once, or the batch rolls back.
    if (Number(done[0].inserted) !== rows.length || Number(done[0].deleted) !== rows.length) {
      throw new Error(`sealer: ${rows.length} pending events read, ${done[0].inserted} sealed and ${done[0].deleted} dequeued`);
    }
    return sealed;
  });
  if (cursor && last) [cursor.txId, cursor.seq] = [last.tx_id, last.seq];
  return sealed;
}

/**
 * A queued event's content with its positions in, as the parts to hash. The appender put a 0 at
 * both offsets; anything else there is a row this sealer cannot hash truthfully, and the batch
 * fails naming it rather than sealing a wrong hash.
 */
function spliced(row: PendingRow, globalPosition: number): string[] {
  const t = row.content!;
  const g = row.content_global_at!;
  const s = row.content_stream_at!;
  if (t[g] !== '0' || t[s] !== '0' || s <= g) throw new Error(`sealer: event ${row.event_id} is queued with position offsets ${g}, ${s} that do not point at its placeholders`);
  return [t.slice(0, g), String(globalPosition), t.slice(g + 1, s), String(row.stream_position), t.slice(s + 1)];
}
