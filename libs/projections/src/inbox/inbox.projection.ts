import type {
  ClueForwarded,
  ClueTransferred,
  FeedbackSent,
  RecordedEvent,
  SupervisionIssued,
  TransferAcknowledged,
  TransferExtensionDenied,
  TransferExtensionGranted,
  TransferExtensionRequested,
  TransferOverdue,
  TransferRejected,
} from '@cluebus/contracts';
import { departmentCodeOf } from '@cluebus/contracts';
import type { SqlExecutor } from '@cluebus/eventstore';
import type { Projection } from '../consumer/idempotent-projector';
import { applyInboxNotice, INBOX_NOTICES_SCHEMA } from './inbox-notices';

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
-- Extensions (延期): acknowledge_by / feedback_by hold this recipient's deadline as extended; the
-- *_extended flags tell the overdue scheduler the deadline moved (its notice ids then include the
-- due date); the latest request and its outcome. Existing rows: never extended.
ALTER TABLE cluebus_inbox ADD COLUMN IF NOT EXISTS acknowledge_extended boolean NOT NULL DEFAULT false;
ALTER TABLE cluebus_inbox ADD COLUMN IF NOT EXISTS feedback_extended boolean NOT NULL DEFAULT false;
ALTER TABLE cluebus_inbox ADD COLUMN IF NOT EXISTS extension_status text;
ALTER TABLE cluebus_inbox ADD COLUMN IF NOT EXISTS extension_deadline text;
ALTER TABLE cluebus_inbox ADD COLUMN IF NOT EXISTS extension_days integer;
ALTER TABLE cluebus_inbox ADD COLUMN IF NOT EXISTS extension_due_at timestamptz;
ALTER TABLE cluebus_inbox ADD COLUMN IF NOT EXISTS extension_denial_reason text;
`;

/**
 * 台账 of received transfers for the departments of one code (e.g. every `samr:*` instance
 * this service hosts): what was sent to them, by whom, its deadlines and where it stands.
 */
export class InboxProjection implements Projection {
  readonly schema = INBOX_SCHEMA + INBOX_NOTICES_SCHEMA;
  readonly name: string;

  constructor(private readonly departmentCode: string) {
    this.name = `inbox-${departmentCode}`;
  }

  private mine(instance: string): boolean {
    return departmentCodeOf(instance) === this.departmentCode;
  }

  async apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    if (await applyInboxNotice(tx, event, (instance) => this.mine(instance))) return;
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
        if (!this.mine(d.by)) return;
        await this.setStatus(tx, d.by, d.transferId, 'acknowledged', null, event);
        await this.lapseExtension(tx, d.by, d.transferId, 'acknowledge');
        return;
      }
      case 'TransferRejected': {
        const d = event.data as unknown as TransferRejected;
        if (!this.mine(d.by)) return;
        await this.setStatus(tx, d.by, d.transferId, 'rejected', d.reason, event);
        await this.lapseExtension(tx, d.by, d.transferId, null);
        return;
      }
      case 'FeedbackSent': {
        const d = event.data as unknown as FeedbackSent;
        if (!this.mine(d.by)) return;
        await this.setStatus(tx, d.by, d.transferId, 'answered', null, event);
        await this.lapseExtension(tx, d.by, d.transferId, 'feedback');
        return;
      }
      // 延期. A request also reaches the sender's consumer (it decides): the sender has no row for
      // its own transfer, so nothing happens there — it reads open requests from the clue (GET /v1/clues/:id).
      case 'TransferExtensionRequested': {
        const d = event.data as unknown as TransferExtensionRequested;
        if (!this.mine(d.by)) return;
        await tx.query(
          `UPDATE cluebus_inbox SET extension_status = 'requested', extension_deadline = $3, extension_days = $4, extension_due_at = NULL, extension_denial_reason = NULL
           WHERE department = $1 AND transfer_id = $2`,
          [d.by, d.transferId, d.deadline, d.days],
        );
        return;
      }
      case 'TransferExtensionGranted': {
        const d = event.data as unknown as TransferExtensionGranted;
        if (!this.mine(d.recipient)) return;
        // The deadline moves; a miss recorded for the old one no longer stands (missing the new one is a new TransferOverdue).
        const [due, overdue, extended] =
          d.deadline === 'acknowledge' ? ['acknowledge_by', 'overdue_acknowledge', 'acknowledge_extended'] : ['feedback_by', 'overdue_feedback', 'feedback_extended'];
        await tx.query(
          `UPDATE cluebus_inbox SET ${due} = $3, ${overdue} = false, ${extended} = true,
             extension_status = 'granted', extension_deadline = $4, extension_days = $5, extension_due_at = $3, extension_denial_reason = NULL
           WHERE department = $1 AND transfer_id = $2`,
          [d.recipient, d.transferId, d.dueAt, d.deadline, d.days],
        );
        return;
      }
      case 'TransferExtensionDenied': {
        const d = event.data as unknown as TransferExtensionDenied;
        if (!this.mine(d.recipient)) return;
        await tx.query(
          `UPDATE cluebus_inbox SET extension_status = 'denied', extension_deadline = $3, extension_denial_reason = $4 WHERE department = $1 AND transfer_id = $2`,
          [d.recipient, d.transferId, d.deadline, d.reason],
        );
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

  /** An undecided extension request lapses once its deadline is answered (any deadline: `null`, for a rejection). */
  private async lapseExtension(tx: SqlExecutor, department: string, transferId: string, deadline: 'acknowledge' | 'feedback' | null) {
    await tx.query(
      `UPDATE cluebus_inbox SET extension_status = 'lapsed'
       WHERE department = $1 AND transfer_id = $2 AND extension_status = 'requested' AND ($3::text IS NULL OR extension_deadline = $3)`,
      [department, transferId, deadline],
    );
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
  /**
   * The latest extension (延期) this department asked for on the transfer: `requested` until the
   * sender decides, `granted` (the deadline above is already the extended one, `dueAt`),
   * `denied`, or `lapsed` (answered before a decision). Absent when it never asked.
   */
  extension?: InboxExtension;
}

export interface InboxExtension {
  status: 'requested' | 'granted' | 'denied' | 'lapsed';
  deadline: 'acknowledge' | 'feedback';
  days: number;
  dueAt?: string;
  denialReason?: string;
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
  extension_status: InboxExtension['status'] | null;
  extension_deadline: InboxExtension['deadline'] | null;
  extension_days: number | null;
  extension_due_at: Date | null;
  extension_denial_reason: string | null;
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
    ...(r.extension_status && r.extension_deadline
      ? {
          extension: {
            status: r.extension_status,
            deadline: r.extension_deadline,
            days: Number(r.extension_days),
            ...(r.extension_due_at ? { dueAt: iso(r.extension_due_at) } : {}),
            ...(r.extension_denial_reason ? { denialReason: r.extension_denial_reason } : {}),
          },
        }
      : {}),
    };
  });
}
