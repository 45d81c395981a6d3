import { DEPARTMENT_CODES, isDepartmentCode, type RecordedEvent } from '@cluebus/contracts';
import type { SqlEventStore, SqlExecutor } from '@cluebus/eventstore';
import {
  BLACKLIST_HISTORY_TABLES,
  BLACKLIST_STATE_TABLES,
  BlacklistProjection,
  InboxProjection,
  LedgerProjection,
  PROCESSED_EVENTS_SCHEMA,
  type Projection,
  TRANSFER_LEDGER_TABLES,
  TransferLedgerProjection,
} from '@cluebus/projections';
import { UsageError } from './cli-args';

/**
 * How a projection is fed decides how it is reset. Store-fed ones (storeProjectionProcessor)
 * keep a position in cluebus_checkpoints; topic-fed ones (projectionConsumer) keep a dedup mark
 * per event in cluebus_processed_events, and Kafka will still deliver what it has not yet, so the
 * rebuild marks every event it applied: a late delivery then changes nothing.
 */
export interface RebuildTarget {
  projection: Projection;
  feed: 'store' | 'topic';
  /** Empties what the projection derived (only its own rows where tables are shared). */
  clear(tx: SqlExecutor): Promise<void>;
}

const deleteAll = (tables: readonly string[]) => async (tx: SqlExecutor) => {
  for (const t of tables) await tx.query(`DELETE FROM ${t}`);
};

export const PROJECTION_NAMES = ['inbox', 'ledger', 'transfer-ledger', 'blacklist'] as const;

/** The targets a name stands for; `inbox` is one per department code (each its own consumer). */
export function rebuildTargets(name: string, department?: string): RebuildTarget[] {
  if (department !== undefined && name !== 'inbox') throw new UsageError('--department applies to the inbox only');
  switch (name) {
    case 'blacklist':
      return [{ projection: new BlacklistProjection(), feed: 'store', clear: deleteAll([...BLACKLIST_STATE_TABLES, ...BLACKLIST_HISTORY_TABLES]) }];
    case 'transfer-ledger':
      return [{ projection: new TransferLedgerProjection(), feed: 'store', clear: deleteAll(TRANSFER_LEDGER_TABLES) }];
    case 'ledger':
      return [{ projection: new LedgerProjection(), feed: 'topic', clear: deleteAll(['cluebus_ledger_departments']) }];
    case 'inbox': {
      if (department !== undefined && !isDepartmentCode(department)) throw new UsageError(`--department must be a department code (${DEPARTMENT_CODES.join(', ')}), got "${department}"`);
      const codes = department ? [department] : [...DEPARTMENT_CODES];
      return codes.map((code) => ({
        projection: new InboxProjection(code),
        feed: 'topic' as const,
        // cluebus_inbox and its notices are shared by the codes; each consumer owns its code's rows.
        clear: async (tx: SqlExecutor) => {
          await tx.query(`DELETE FROM cluebus_inbox WHERE split_part(department, ':', 1) = $1`, [code]);
          await tx.query(`DELETE FROM cluebus_inbox_notices WHERE split_part(department, ':', 1) = $1`, [code]);
        },
      }));
    }
    default:
      throw new UsageError(`unknown projection "${name}" (${PROJECTION_NAMES.join(', ')})`);
  }
}

/**
 * Rebuilds one projection from the log in a single transaction: cleared, every event up to the
 * head re-applied in order, its position (or marks) written, committed together. A running
 * processor of the same projection waits on the checkpoint row (or the marks) and then finds the
 * work done; a failure rolls everything back and leaves the projection as it was.
 */
export async function rebuildProjection(store: SqlEventStore, target: RebuildTarget, onProgress: (done: number, total: number) => void, pageSize = target.projection.pageSize ?? 1000): Promise<{ applied: number; through: number }> {
  const { projection } = target;
  await store.sql.exec(PROCESSED_EVENTS_SCHEMA);
  await store.sql.exec(projection.schema);
  const head = await store.headPosition();
  return store.sql.transaction(async (tx) => {
    if (target.feed === 'store') {
      // Taken first: the store processor's page transaction locks the same row, so it cannot commit a page in between.
      await tx.query(`INSERT INTO cluebus_checkpoints (name, position, updated_at) VALUES ($1, 0, now()) ON CONFLICT (name) DO NOTHING`, [projection.name]);
      await tx.query(`SELECT position FROM cluebus_checkpoints WHERE name = $1 FOR UPDATE`, [projection.name]);
    }
    await target.clear(tx);
    if (target.feed === 'topic') await tx.query(`DELETE FROM cluebus_processed_events WHERE consumer = $1`, [projection.name]);
    let after = 0;
    let applied = 0;
    onProgress(0, head);
    while (after < head) {
      const page: RecordedEvent[] = await store.readAll({ after, maxCount: Math.min(pageSize, head - after) });
      if (page.length === 0) break;
      if (projection.applyBatch) await projection.applyBatch(tx, page);
      else for (const event of page) await projection.apply(tx, event);
      if (target.feed === 'topic') {
        await tx.query(`INSERT INTO cluebus_processed_events (consumer, event_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [projection.name, page.map((e) => e.eventId)]);
      }
      applied += page.length;
      after = page[page.length - 1].globalPosition;
      onProgress(after, head);
    }
    if (target.feed === 'store') await tx.query(`UPDATE cluebus_checkpoints SET position = $2, updated_at = now() WHERE name = $1`, [projection.name, after]);
    return { applied, through: after };
  });
}
