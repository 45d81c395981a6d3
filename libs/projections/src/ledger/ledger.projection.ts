import type { RecordedEvent } from '@cluebus/contracts';
import type { SqlExecutor } from '@cluebus/eventstore';
import type { Projection } from '../consumer/idempotent-projector';

export const LEDGER_SCHEMA = `
CREATE TABLE IF NOT EXISTS cluebus_ledger_departments (
  department          text        PRIMARY KEY,
  clues_registered    integer     NOT NULL DEFAULT 0,
  transfers_sent      integer     NOT NULL DEFAULT 0,
  forwards_sent       integer     NOT NULL DEFAULT 0,
  transfers_received  integer     NOT NULL DEFAULT 0,
  acknowledged        integer     NOT NULL DEFAULT 0,
  rejected            integer     NOT NULL DEFAULT 0,
  answered            integer     NOT NULL DEFAULT 0,
  last_event_position bigint      NOT NULL DEFAULT 0,
  updated_at          timestamptz NOT NULL DEFAULT now()
);
`;

type Counter = 'clues_registered' | 'transfers_sent' | 'forwards_sent' | 'transfers_received' | 'acknowledged' | 'rejected' | 'answered';

/**
 * 台账 across departments, from every event on `cluebus.events`: per department instance, how
 * many clues it registered, transfers (移交) and forwards (转办) it sent, transfers it received,
 * and how it answered them (签收 acknowledged, 退回 rejected, 反馈 answered). Counting is only
 * correct because the IdempotentProjector applies each event once (dedup mark in the same
 * transaction); the table can be dropped and rebuilt from the store.
 */
export class LedgerProjection implements Projection {
  readonly name = 'ledger';
  readonly schema = LEDGER_SCHEMA;

  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    return this.applyBatch(tx, [event]);
  }

  /**
   * Sums a batch per department first, then writes one upsert per department in department
   * order: concurrent batches (partitions, replicas) lock the rows in the same order, so they
   * wait for each other instead of deadlocking, and a batch costs one statement per department.
   */
  async applyBatch(tx: SqlExecutor, events: RecordedEvent[]): Promise<void> {
    const deltas = new Map<string, { counts: Partial<Record<Counter, number>>; position: number }>();
    const bump = (department: unknown, counter: Counter, position: number) => {
      if (typeof department !== 'string') return;
      const delta = deltas.get(department) ?? deltas.set(department, { counts: {}, position: 0 }).get(department)!;
      delta.counts[counter] = (delta.counts[counter] ?? 0) + 1;
      delta.position = Math.max(delta.position, position);
    };
    for (const event of events) {
      const d = event.data as Record<string, unknown>;
      const p = event.globalPosition;
      switch (event.type) {
        case 'ClueRegistered':
          bump(d.registeredBy, 'clues_registered', p);
          break;
        case 'ClueTransferred':
        case 'ClueForwarded':
          bump(d.from, event.type === 'ClueTransferred' ? 'transfers_sent' : 'forwards_sent', p);
          for (const to of Array.isArray(d.to) ? d.to : []) bump(to, 'transfers_received', p);
          break;
        case 'TransferAcknowledged':
          bump(d.by, 'acknowledged', p);
          break;
        case 'TransferRejected':
          bump(d.by, 'rejected', p);
          break;
        case 'FeedbackSent':
          bump(d.by, 'answered', p);
          break;
      }
    }
    for (const department of [...deltas.keys()].sort()) {
      const { counts, position } = deltas.get(department)!;
      const values = COUNTERS.map((c) => counts[c] ?? 0);
      await tx.query(
        `INSERT INTO cluebus_ledger_departments (department, ${COUNTERS.join(', ')}, last_event_position)
         VALUES ($1, ${COUNTERS.map((_, i) => `$${i + 2}`).join(', ')}, $${COUNTERS.length + 2})
         ON CONFLICT (department) DO UPDATE SET ${COUNTERS.map((c) => `${c} = cluebus_ledger_departments.${c} + EXCLUDED.${c}`).join(', ')},
           last_event_position = GREATEST(cluebus_ledger_departments.last_event_position, EXCLUDED.last_event_position), updated_at = now()`,
        [department, ...values, position],
      );
    }
  }
}

const COUNTERS: readonly Counter[] = ['clues_registered', 'transfers_sent', 'forwards_sent', 'transfers_received', 'acknowledged', 'rejected', 'answered'];

export interface LedgerRow {
  department: string;
  cluesRegistered: number;
  transfersSent: number;
  forwardsSent: number;
  transfersReceived: number;
  acknowledged: number;
  rejected: number;
  answered: number;
  /** Received and neither acknowledged nor rejected yet (a transfer is answered one way, once). */
  pending: number;
  lastEventPosition: number;
}

interface Row {
  department: string;
  clues_registered: number;
  transfers_sent: number;
  forwards_sent: number;
  transfers_received: number;
  acknowledged: number;
  rejected: number;
  answered: number;
  last_event_position: string | number;
}

/** Departments, optionally of one code (`samr`) or one instance (`samr:341300`). */
export async function queryLedger(sql: SqlExecutor, filter: { code?: string; instance?: string } = {}): Promise<LedgerRow[]> {
  const { rows } = await sql.query<Row>(
    `SELECT * FROM cluebus_ledger_departments
     WHERE ($1::text IS NULL OR department LIKE $1 || ':%') AND ($2::text IS NULL OR department = $2)
     ORDER BY department`,
    [filter.code ?? null, filter.instance ?? null],
  );
  return rows.map((r) => ({
    department: r.department,
    cluesRegistered: r.clues_registered,
    transfersSent: r.transfers_sent,
    forwardsSent: r.forwards_sent,
    transfersReceived: r.transfers_received,
    acknowledged: r.acknowledged,
    rejected: r.rejected,
    answered: r.answered,
    pending: r.transfers_received - r.acknowledged - r.rejected,
    lastEventPosition: Number(r.last_event_position),
  }));
}
