import type { RecordedEvent } from '@cluebus/contracts';
import { chainHash, type HashAlgorithm } from '@cluebus/audit';
import type { SqlClient, SqlExecutor } from '../sql-client';
import { NOTIFY_CHANNEL } from '../schema';

interface PendingRow {
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

export interface SealBatchOptions {
  /** Most events sealed in one transaction. */
  maxEvents?: number;
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
  return sql.transaction(async (tx) => {
    await options.fence?.(tx);
    const head = (await tx.query<{ global_position: string | number; hash: string }>(
      `SELECT global_position, hash FROM cluebus_log_head WHERE id = 1 FOR UPDATE`,
    )).rows[0];
    const { rows } = await tx.query<PendingRow>(
      `SELECT seq, stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at
         FROM cluebus_pending WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY tx_id, seq LIMIT $1`,
      [options.maxEvents ?? 1000],
    );
    if (rows.length === 0) return [];
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
    await tx.query(
      `WITH ins AS (
         INSERT INTO cluebus_events (global_position, stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(global_position bigint, stream_id text, stream_position integer, event_id uuid,
           type text, schema_version integer, data jsonb, metadata jsonb, recorded_at timestamptz, prev_hash text, hash text) RETURNING 1),
       del AS (DELETE FROM cluebus_pending WHERE seq = ANY($2::bigint[]) RETURNING 1),
       head AS (UPDATE cluebus_log_head SET global_position = $3, hash = $4 WHERE id = 1 RETURNING 1)
       SELECT (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM del) AS deleted, pg_notify($5, $3::text)`,
      [
        JSON.stringify(sealed.map(toRow)),
        rows.map((r) => r.seq),
        position,
        prevHash,
        NOTIFY_CHANNEL,
      ],
    );
    return sealed;
  });
}

function toRow(e: RecordedEvent): Record<string, unknown> {
  return {
    global_position: e.globalPosition,
    stream_id: e.streamId,
    stream_position: e.streamPosition,
    event_id: e.eventId,
    type: e.type,
    schema_version: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
    recorded_at: e.recordedAt,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}
