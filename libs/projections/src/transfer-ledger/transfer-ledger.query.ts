import type { SqlExecutor } from '@cluebus/eventstore';

export type LedgerStatus = 'pending' | 'acknowledged' | 'rejected' | 'answered';
export const LEDGER_STATUSES: readonly LedgerStatus[] = ['pending', 'acknowledged', 'rejected', 'answered'];

/**
 * One row of the 台账: a transfer (移交) or forward (转办) to one recipient. Every field is
 * always present (null when it does not apply), so JSON, CSV and XLSX carry the same columns.
 */
export interface TransferLedgerRow {
  transferId: string;
  kind: 'transfer' | 'forward';
  clueId: string;
  /** The clue's category (ClueRegistered); null if its registration is not in the ledger. */
  category: string | null;
  sender: string;
  recipient: string;
  /** For a forward: the transfer it passes on (chain of custody). */
  viaTransferId: string | null;
  basis: string;
  note: string | null;
  status: LedgerStatus;
  /** 退回 reason, for a rejected row. */
  reason: string | null;
  transferredAt: string;
  /** 签收 deadline (moved by a granted extension). */
  acknowledgeBy: string;
  /** 反馈 deadline (moved by a granted extension). */
  feedbackBy: string;
  acknowledgedAt: string | null;
  rejectedAt: string | null;
  answeredAt: string | null;
  /** Late now: its open deadline passed unanswered (by the clock, or as recorded by TransferOverdue). */
  overdue: boolean;
  /** A TransferOverdue was recorded for this row at some time (also if answered or extended since). */
  overdueRecorded: boolean;
  /** 督办 level reached (0: none). */
  supervisionLevel: number;
  /** The latest extension request: requested, granted, denied; null when none. */
  extension: 'requested' | 'granted' | 'denied' | null;
  /** The recipient's finding on the clue (FindingRecorded result), if any. */
  outcome: string | null;
}

export interface TransferLedgerFilter {
  /** Rows this instance sent, received, or (both) either. */
  sender?: string;
  recipient?: string;
  /** Rows sent or received by this instance. */
  party?: string;
  status?: LedgerStatus;
  category?: string;
  /** transferredAt ≥ from. */
  from?: Date;
  /** transferredAt < to. */
  to?: Date;
}

/** A ledger row as the database returns it. */
export interface TransferLedgerDbRow {
  transfer_id: string;
  recipient: string;
  clue_id: string;
  sender: string;
  kind: 'transfer' | 'forward';
  via_transfer_id: string | null;
  basis: string;
  note: string | null;
  status: LedgerStatus;
  reason: string | null;
  acknowledge_by: Date | string;
  feedback_by: Date | string;
  transferred_at: Date | string;
  acknowledged_at: Date | string | null;
  rejected_at: Date | string | null;
  answered_at: Date | string | null;
  overdue_acknowledge: boolean;
  overdue_feedback: boolean;
  overdue_recorded: boolean;
  supervision_level: number;
  extension_state: 'requested' | 'granted' | 'denied' | null;
  category: string | null;
  outcome: string | null;
}

/**
 * Late now, as the inbox judges it: still awaiting 签收 past acknowledge-by, or acknowledged and
 * awaiting 反馈 past feedback-by; or the scheduler recorded that deadline as missed (its flag is
 * cleared when an extension moves that deadline). Rejected and answered rows are never late.
 */
export function isOverdue(
  row: { status: LedgerStatus; acknowledgeBy: string; feedbackBy: string; overdueAcknowledge: boolean; overdueFeedback: boolean },
  now: Date,
): boolean {
  if (row.status === 'pending') return row.overdueAcknowledge || Date.parse(row.acknowledgeBy) < now.getTime();
  if (row.status === 'acknowledged') return row.overdueFeedback || Date.parse(row.feedbackBy) < now.getTime();
  return false;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null || d === undefined ? null : iso(d));

export function toLedgerRow(r: TransferLedgerDbRow, now: Date): TransferLedgerRow {
  const acknowledgeBy = iso(r.acknowledge_by);
  const feedbackBy = iso(r.feedback_by);
  return {
    transferId: r.transfer_id,
    kind: r.kind,
    clueId: r.clue_id,
    category: r.category ?? null,
    sender: r.sender,
    recipient: r.recipient,
    viaTransferId: r.via_transfer_id ?? null,
    basis: r.basis,
    note: r.note ?? null,
    status: r.status,
    reason: r.reason ?? null,
    transferredAt: iso(r.transferred_at),
    acknowledgeBy,
    feedbackBy,
    acknowledgedAt: isoOrNull(r.acknowledged_at),
    rejectedAt: isoOrNull(r.rejected_at),
    answeredAt: isoOrNull(r.answered_at),
    overdue: isOverdue({ status: r.status, acknowledgeBy, feedbackBy, overdueAcknowledge: r.overdue_acknowledge, overdueFeedback: r.overdue_feedback }, now),
    overdueRecorded: r.overdue_recorded === true,
    supervisionLevel: Number(r.supervision_level ?? 0),
    extension: r.extension_state ?? null,
    outcome: r.outcome ?? null,
  };
}

/** Rows matching the filter, oldest transfer first; `now` judges `overdue`. */
export async function queryTransferLedger(sql: SqlExecutor, filter: TransferLedgerFilter, now: Date): Promise<TransferLedgerRow[]> {
  const { rows } = await sql.query<TransferLedgerDbRow>(
    `SELECT l.*, c.category, f.result AS outcome
     FROM cluebus_transfer_ledger l
     LEFT JOIN cluebus_transfer_ledger_clues c ON c.clue_id = l.clue_id
     LEFT JOIN cluebus_transfer_ledger_findings f ON f.clue_id = l.clue_id AND f.department = l.recipient
     WHERE ($1::text IS NULL OR l.sender = $1)
       AND ($2::text IS NULL OR l.recipient = $2)
       AND ($3::text IS NULL OR l.sender = $3 OR l.recipient = $3)
       AND ($4::text IS NULL OR l.status = $4)
       AND ($5::text IS NULL OR c.category = $5)
       AND ($6::timestamptz IS NULL OR l.transferred_at >= $6)
       AND ($7::timestamptz IS NULL OR l.transferred_at < $7)
     ORDER BY l.transferred_at, l.transfer_id, l.recipient`,
    [filter.sender ?? null, filter.recipient ?? null, filter.party ?? null, filter.status ?? null, filter.category ?? null, filter.from ?? null, filter.to ?? null],
  );
  return rows.map((r) => toLedgerRow(r, now));
}
