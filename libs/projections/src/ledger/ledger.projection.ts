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

  async apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    const d = event.data as Record<string, unknown>;
    const bump = (department: unknown, counter: Counter) =>
      typeof department === 'string' ? this.bump(tx, department, counter, event.globalPosition) : Promise.resolve();
    switch (event.type) {
      case 'ClueRegistered':
        return bump(d.registeredBy, 'clues_registered');
      case 'ClueTransferred':
      case 'ClueForwarded':
        await bump(d.from, event.type === 'ClueTransferred' ? 'transfers_sent' : 'forwards_sent');
        for (const to of Array.isArray(d.to) ? d.to : []) await bump(to, 'transfers_received');
        return;
      case 'TransferAcknowledged':
        return bump(d.by, 'acknowledged');
      case 'TransferRejected':
        return bump(d.by, 'rejected');
      case 'FeedbackSent':
        return bump(d.by, 'answered');
    }
  }

  private async bump(tx: SqlExecutor, department: string, counter: Counter, position: number): Promise<void> {
    await tx.query(
      `INSERT INTO cluebus_ledger_departments (department, ${counter}, last_event_position) VALUES ($1, 1, $2)
       ON CONFLICT (department) DO UPDATE SET ${counter} = cluebus_ledger_departments.${counter} + 1,
         last_event_position = GREATEST(cluebus_ledger_departments.last_event_position, EXCLUDED.last_event_position), updated_at = now()`,
      [department, position],
    );
  }
}

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
