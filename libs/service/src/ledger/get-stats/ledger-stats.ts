import { type DeadlineCalendar, UnknownCalendarYearError } from '@cluebus/domain';
import type { TransferLedgerRow } from '@cluebus/projections';

/** One department instance's line of the quarterly 通报, over the transfers made in the period. */
export interface DepartmentStats {
  department: string;
  /** Transfers and forwards it sent (distinct transfer ids; one may go to several recipients). */
  sent: number;
  /** Rows it received (one per transfer or forward addressed to it). */
  received: number;
  /** Of those, by where they stand now. */
  pending: number;
  acknowledged: number;
  rejected: number;
  answered: number;
  /** Received rows that missed a deadline: late now, recorded late (TransferOverdue), or answered after the deadline. */
  overdue: number;
  /** overdue / received, rounded to 4 decimals; null when nothing was received. */
  overdueRate: number | null;
  /** Median working days from transfer to 签收 (acknowledged rows, answered ones included); null when none. */
  medianWorkingDaysToAcknowledge: number | null;
  /** Median working days from transfer to 反馈 (answered rows); null when none. */
  medianWorkingDaysToFeedback: number | null;
}

/**
 * Working days a deed took, as deadlines count them: the smallest n such that `at` falls no
 * later than `calendar.addDays(from, n)` — 0 the same China day, 1 by the end of the next
 * working day, and so on (a Saturday after a Friday transfer is 1: it is within the first
 * working day's deadline, Monday). So "took ≤ n" is exactly "met an n-working-day deadline".
 */
export function workingDaysBetween(from: Date, at: Date, calendar: DeadlineCalendar): number {
  let n = 0;
  // addDays(end of the n-th working day, 1) is the end of the (n+1)-th: one step per day counted.
  for (let deadline = calendar.addDays(from, 0); deadline.getTime() < at.getTime(); n++) deadline = calendar.addDays(deadline, 1);
  return n;
}

/**
 * A row the calendar cannot count (transferred before the first year it holds data for: it
 * refuses rather than guess) is left out of the medians, not allowed to fail the whole 通报.
 */
function countable(count: () => number): number[] {
  try {
    return [count()];
  } catch (error) {
    if (error instanceof UnknownCalendarYearError) return [];
    throw error;
  }
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Whether a received row missed one of its deadlines, now or at any time before. */
export function missedDeadline(row: TransferLedgerRow): boolean {
  const after = (at: string | null, due: string) => at !== null && Date.parse(at) > Date.parse(due);
  return (
    row.overdue ||
    row.overdueRecorded ||
    after(row.acknowledgedAt, row.acknowledgeBy) ||
    after(row.rejectedAt, row.acknowledgeBy) ||
    after(row.answeredAt, row.feedbackBy)
  );
}

/**
 * The statistics of the given ledger rows (already limited to the period), per department
 * instance that sent or received any, plus those in `always` (the caller's own line, even
 * empty); sorted by instance.
 */
export function computeLedgerStats(rows: readonly TransferLedgerRow[], calendar: DeadlineCalendar, always: readonly string[] = []): DepartmentStats[] {
  const departments = new Set<string>(always);
  for (const r of rows) departments.add(r.sender).add(r.recipient);
  return [...departments].sort().map((department) => {
    const received = rows.filter((r) => r.recipient === department);
    const count = (status: TransferLedgerRow['status']) => received.filter((r) => r.status === status).length;
    const overdue = received.filter(missedDeadline).length;
    const took = (at: (r: TransferLedgerRow) => string | null) =>
      received.flatMap((r) => {
        const done = at(r);
        return done === null ? [] : countable(() => workingDaysBetween(new Date(r.transferredAt), new Date(done), calendar));
      });
    const toAcknowledge = took((r) => r.acknowledgedAt);
    const toFeedback = took((r) => r.answeredAt);
    return {
      department,
      sent: new Set(rows.filter((r) => r.sender === department).map((r) => r.transferId)).size,
      received: received.length,
      pending: count('pending'),
      acknowledged: count('acknowledged'),
      rejected: count('rejected'),
      answered: count('answered'),
      overdue,
      overdueRate: received.length === 0 ? null : Math.round((overdue / received.length) * 10_000) / 10_000,
      medianWorkingDaysToAcknowledge: median(toAcknowledge),
      medianWorkingDaysToFeedback: median(toFeedback),
    };
  });
}
