import type { RecordedEvent } from '@cluebus/contracts';
import type { EventStore, SqlClient, SqlExecutor } from '@cluebus/eventstore';
import type { Projection } from '@cluebus/projections';
import type { SingletonProcessor } from '../processor';
import type { ProcessorLog } from '../processor-log';

/**
 * A projection fed by the store's global log, as a singleton behind a lease named after the
 * projection. Each page of the log is applied in ONE transaction with the fence check and the
 * checkpoint (cluebus_checkpoints, name = projection name): the rows and the position commit
 * together or not at all, so a crash re-reads from the last committed position and applies
 * nothing twice, and an old holder that lost the lease (paused, cut off) cannot commit at all.
 * Hence no dedup marks: exactly-once comes from the position.
 *
 * For projections that need events addressed to no single department topic, or both sides
 * of a transfer (a department's Kafka principal reads only its own topic, ADR 0008).
 */
export function storeProjectionProcessor(deps: { store: EventStore; sql: SqlClient; projection: Projection; log: ProcessorLog; batchSize?: number }): SingletonProcessor {
  const { projection, sql } = deps;
  const name = projection.name;
  return {
    kind: 'singleton',
    name,
    async start(fence) {
      await sql.exec(projection.schema);
      const after = await loadCheckpoint(sql, name);
      let failures = 0;
      let applied = 0;
      const subscription = deps.store.subscribeToAll(
        async (page) => {
          await sql.transaction(async (tx) => {
            await fence.check(tx);
            // Re-read under the fence: a page already committed (by us before a retry, or by a
            // previous holder) is skipped rather than applied twice.
            const committed = await loadCheckpoint(tx, name, true);
            const fresh = page.filter((e) => e.globalPosition > committed);
            if (fresh.length === 0) return;
            await applyAll(tx, projection, fresh);
            await saveCheckpoint(tx, name, fresh[fresh.length - 1].globalPosition);
            applied += fresh.length;
          });
          failures = 0;
        },
        {
          after,
          batchSize: deps.batchSize ?? projection.pageSize ?? 200,
          onError: (error) => {
            failures++;
            deps.log.warn({ msg: 'store projection page failed; retrying', projection: name, failures, error: String(error) });
          },
        },
      );
      return {
        stop: () => subscription.stop(),
        status: () => ({ position: subscription.position, applied, failures }),
      };
    },
  };
}

function applyAll(tx: SqlExecutor, projection: Projection, events: RecordedEvent[]): Promise<void> {
  if (projection.applyBatch) return projection.applyBatch(tx, events);
  return events.reduce<Promise<void>>((done, event) => done.then(() => projection.apply(tx, event)), Promise.resolve());
}

async function loadCheckpoint(sql: SqlExecutor, name: string, forUpdate = false): Promise<number> {
  const { rows } = await sql.query<{ position: string | number }>(`SELECT position FROM cluebus_checkpoints WHERE name = $1${forUpdate ? ' FOR UPDATE' : ''}`, [name]);
  return rows.length ? Number(rows[0].position) : 0;
}

function saveCheckpoint(tx: SqlExecutor, name: string, position: number): Promise<unknown> {
  return tx.query(
    `INSERT INTO cluebus_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (name) DO UPDATE SET position = GREATEST(cluebus_checkpoints.position, EXCLUDED.position), updated_at = now()`,
    [name, position],
  );
}
