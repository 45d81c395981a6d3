import type {
  ClueForwarded,
  ClueTransferred,
  FeedbackSent,
  RecordedEvent,
  SupervisionIssued,
  TransferAcknowledged,
  TransferOverdue,
  TransferRejected,
} from '@cluebus/contracts';
import { departmentCodeOf } from '@cluebus/contracts';
import type { SqlExecutor } from '@cluebus/eventstore';
import type { Projection } from '../consumer/idempotent-projector';

export const INBOX_SCHEMA = `
CREATE TABLE IF NOT EXISTS cluebus_inbox (
  department      text        NOT NULL,
  transfer_id     uuid        NOT NULL,
  clue_id         uuid        NOT NULL,
  from_department text        NOT NULL,
  via_transfer_id uuid,
  basis           text        NOT NULL,
  status          text        NOT NULL,
  reason          text,
  acknowledge_by  timestamptz NOT NULL,
  feedback_by     timestamptz NOT NULL,
  transferred_at  timestamptz NOT NULL,
  answered_at     timestamptz,
  event_position  bigint      NOT NULL,
  PRIMARY KEY (department, transfer_id)
);
CREATE INDEX IF NOT EXISTS cluebus_inbox_by_department ON cluebus_inbox (department, transferred_at);
-- Overdue notices (TransferOverdue) and 督办 (SupervisionIssued): added columns, existing rows default to none.
ALTER TABLE cluebus_inbox ADD COLUMN IF NOT EXISTS overdue_acknowledge boolean NOT NULL DEFAULT false;
ALTER TABLE cluebus_inbox ADD COLUMN IF NOT EXISTS overdue_feedback boolean NOT NULL DEFAULT false;
ALTER TABLE cluebus_inbox ADD COLUMN IF NOT EXISTS supervision_level integer NOT NULL DEFAULT 0;
ALTER TABLE cluebus_inbox ADD COLUMN IF NOT EXISTS supervision_due_by timestamptz;
ALTER TABLE cluebus_inbox ADD COLUMN IF NOT EXISTS supervision_note text;
`;

/**
 * 台账 of received transfers for the departments of one code (e.g. every `samr:*` instance
 * this service hosts): what was sent to them, by whom, its deadlines and where it stands.
 */
export class InboxProjection implements Projection {
  readonly schema = INBOX_SCHEMA;
  readonly name: string;

  constructor(private readonly departmentCode: string) {
    this.name = `inbox-${departmentCode}`;
  }

  private mine(instance: string): boolean {
    return departmentCodeOf(instance) === this.departmentCode;
  }

  async apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    switch (event.type) {
      case 'ClueTransferred':
      case 'ClueForwarded': {
        const d = event.data as unknown as ClueTransferred & Partial<ClueForwarded>;
        for (const to of d.to.filter((t) => this.mine(t))) {
          await tx.query(
            `INSERT INTO cluebus_inbox (department, transfer_id, clue_id, from_department, via_transfer_id, basis, status,
               acknowledge_by, feedback_by, transferred_at, event_position)
             VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
            [to, d.transferId, d.clueId, d.from, d.viaTransferId ?? null, d.basis, d.acknowledgeBy, d.feedbackBy, event.metadata.occurredAt, event.globalPosition],
          );
        }
        return;
      }
      case 'TransferAcknowledged': {
        const d = event.data as unknown as TransferAcknowledged;
        if (this.mine(d.by)) await this.setStatus(tx, d.by, d.transferId, 'acknowledged', null, event);
        return;
      }
      case 'TransferRejected': {
        const d = event.data as unknown as TransferRejected;
        if (this.mine(d.by)) await this.setStatus(tx, d.by, d.transferId, 'rejected', d.reason, event);
        return;
      }
      case 'FeedbackSent': {
        const d = event.data as unknown as FeedbackSent;
        if (this.mine(d.by)) await this.setStatus(tx, d.by, d.transferId, 'answered', null, event);
        return;
      }
      case 'TransferOverdue': {
        const d = event.data as unknown as TransferOverdue;
        if (!this.mine(d.recipient)) return;
        const column = d.deadline === 'acknowledge' ? 'overdue_acknowledge' : 'overdue_feedback';
        await tx.query(`UPDATE cluebus_inbox SET ${column} = true WHERE department = $1 AND transfer_id = $2`, [d.recipient, d.transferId]);
        return;
      }
      case 'SupervisionIssued': {
        const d = event.data as unknown as SupervisionIssued;
        for (const recipient of (d.recipients ?? []).filter((r) => this.mine(r))) {
          // Levels only grow: a redelivered lower level never hides a later one.
          await tx.query(
            `UPDATE cluebus_inbox SET supervision_level = $3, supervision_due_by = $4, supervision_note = $5
             WHERE department = $1 AND transfer_id = $2 AND supervision_level < $3`,
            [recipient, d.transferId, d.level, d.dueBy, d.note],
          );
        }
        return;
      }
    }
  }

  private async setStatus(tx: SqlExecutor, department: string, transferId: string, status: string, reason: string | null, event: RecordedEvent) {
    await tx.query(
      `UPDATE cluebus_inbox SET status = $3, reason = COALESCE($4, reason), answered_at = $5, event_position = $6
       WHERE department = $1 AND transfer_id = $2`,
      [department, transferId, status, reason, event.metadata.occurredAt, event.globalPosition],
    );
  }
}

export interface InboxItem {
  transferId: string;
  clueId: string;
  from: string;
  viaTransferId?: string;
  basis: string;
  status: 'pending' | 'acknowledged' | 'rejected' | 'answered';
  reason?: string;
  acknowledgeBy: string;
  feedbackBy: string;
  transferredAt: string;
  answeredAt?: string;
  /** A deadline has passed without the matching answer (or the scheduler recorded it as missed: TransferOverdue). */
  overdue: boolean;
  /** 督办 level (1, 2, …) while the transfer awaits this department's answer; 0 when none or once answered. */
  supervisionLevel: number;
  /** The latest 督办's due-by and note, while supervisionLevel > 0. */
  supervisionDueBy?: string;
  supervisionNote?: string;
}

interface InboxRow {
  transfer_id: string;
  clue_id: string;
  from_department: string;
  via_transfer_id: string | null;
  basis: string;
  status: InboxItem['status'];
  reason: string | null;
  acknowledge_by: Date;
  feedback_by: Date;
  transferred_at: Date;
  answered_at: Date | null;
  overdue_acknowledge: boolean;
  overdue_feedback: boolean;
  supervision_level: number;
  supervision_due_by: Date | null;
  supervision_note: string | null;
}

export async function queryInbox(sql: SqlExecutor, department: string, now = new Date(), status?: string): Promise<InboxItem[]> {
  const { rows } = await sql.query<InboxRow>(
    `SELECT * FROM cluebus_inbox WHERE department = $1 AND ($2::text IS NULL OR status = $2) ORDER BY transferred_at, transfer_id`,
    [department, status ?? null],
  );
  const iso = (d: Date | string) => new Date(d).toISOString();
  return rows.map((r) => {
    const open = r.status === 'pending' || r.status === 'acknowledged';
    const supervisionLevel = open ? Number(r.supervision_level ?? 0) : 0;
    return {
    transferId: r.transfer_id,
    clueId: r.clue_id,
    from: r.from_department,
    ...(r.via_transfer_id ? { viaTransferId: r.via_transfer_id } : {}),
    basis: r.basis,
    status: r.status,
    ...(r.reason ? { reason: r.reason } : {}),
    acknowledgeBy: iso(r.acknowledge_by),
    feedbackBy: iso(r.feedback_by),
    transferredAt: iso(r.transferred_at),
    ...(r.answered_at ? { answeredAt: iso(r.answered_at) } : {}),
    overdue:
      (r.status === 'pending' && (r.overdue_acknowledge === true || new Date(r.acknowledge_by) < now)) ||
      (r.status === 'acknowledged' && (r.overdue_feedback === true || new Date(r.feedback_by) < now)),
    supervisionLevel,
    ...(supervisionLevel > 0 && r.supervision_due_by ? { supervisionDueBy: iso(r.supervision_due_by) } : {}),
    ...(supervisionLevel > 0 && r.supervision_note ? { supervisionNote: r.supervision_note } : {}),
    };
  });
}
