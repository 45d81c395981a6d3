import type { RecordedEvent } from '@cluebus/contracts';
import { chainHash, type HashAlgorithm } from '@cluebus/audit';
import type { SqlClient, SqlExecutor } from '../sql-client';
import { NOTIFY_CHANNEL } from '../schema';

interface PendingRow {
  tx_id: string;
  seq: string;
  stream_id: string;
  stream_position: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: RecordedEvent['metadata'];
  recorded_at: Date | string;
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
export async function sealPendingBatch(sql: SqlClient, algorithm: HashAlgorithm, options: SealBatchOptions = {}): Promise<RecordedEvent[]> {
  const { cursor } = options;
  let last: PendingRow | undefined;
  const sealed = await sql.transaction(async (tx) => {
    await options.fence?.(tx);
    const head = (await tx.query<{ global_position: string | number; hash: string }>(
      `SELECT global_position, hash FROM cluebus_log_head WHERE id = 1 FOR UPDATE`,
    )).rows[0];
    const { rows } = await tx.query<PendingRow>(
      `SELECT tx_id::text, seq, stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at
         FROM cluebus_pending WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())
          AND ($2::xid8 IS NULL OR (tx_id, seq) > ($2::xid8, $3::bigint))
        ORDER BY tx_id, seq LIMIT $1`,
      [options.maxEvents ?? 1000, cursor?.txId ?? null, cursor?.seq ?? null],
    );
    if (rows.length === 0) return [];
    last = rows[rows.length - 1];
    let position = Number(head.global_position);
    let prevHash = head.hash;
    const sealed = rows.map((row): RecordedEvent => {
      position += 1;
      const unsealed = {
        globalPosition: position,
        streamId: row.stream_id,
        streamPosition: Number(row.stream_position),
        eventId: row.event_id,
        type: row.type,
        schemaVersion: row.schema_version,
        data: row.data,
        metadata: row.metadata,
        recordedAt: (row.recorded_at instanceof Date ? row.recorded_at : new Date(row.recorded_at)).toISOString(),
      };
      const hash = chainHash(prevHash, unsealed, algorithm);
      const event = { ...unsealed, prevHash, hash };
      prevHash = hash;
      return event;
    });
    // The events' rows are copied from the queue inside the server (only positions and hashes
    // travel): sending them back as JSON cost the sealer a serialisation in Node and a jsonb parse
    // per event in PostgreSQL, and the sealer was the 8-process bench's bottleneck (BENCHMARKS.md).
    // recorded_at is hashed at millisecond precision (a JS Date), and stored as hashed.
    const { rows: done } = await tx.query<{ inserted: string; deleted: string }>(
      `WITH s AS (SELECT * FROM unnest($1::xid8[], $2::bigint[], $3::bigint[], $4::text[], $5::text[]) AS s(tx_id, seq, global_position, prev_hash, hash)),
       ins AS (
         INSERT INTO cluebus_events (global_position, stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
         SELECT s.global_position, p.stream_id, p.stream_position, p.event_id, p.type, p.schema_version, p.data, p.metadata, date_trunc('milliseconds', p.recorded_at), s.prev_hash, s.hash
           FROM s JOIN cluebus_pending p ON p.tx_id = s.tx_id AND p.seq = s.seq
          ORDER BY s.global_position
         RETURNING 1),
       del AS (DELETE FROM cluebus_pending p USING s WHERE p.tx_id = s.tx_id AND p.seq = s.seq RETURNING 1),
       head AS (UPDATE cluebus_log_head SET global_position = $6, hash = $7 WHERE id = 1 RETURNING 1)
       SELECT (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM del) AS deleted, pg_notify($8, $6::text)`,
      [
        rows.map((r) => r.tx_id),
        rows.map((r) => r.seq),
        sealed.map((e) => e.globalPosition),
        sealed.map((e) => e.prevHash),
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
