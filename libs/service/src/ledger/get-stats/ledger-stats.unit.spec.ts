import { CN_WORKING_DAYS } from '@cluebus/domain';
import type { TransferLedgerRow } from '@cluebus/projections';
import { computeLedgerStats, median, missedDeadline, workingDaysBetween } from './ledger-stats';

const at = (iso: string) => new Date(iso);

describe('working days a deed took (Asia/Shanghai, State Council calendar 2026)', () => {
  it('given an acknowledgement the same China day, then 0', () => {
    expect(workingDaysBetween(at('2026-11-02T01:00:00Z'), at('2026-11-02T15:00:00Z'), CN_WORKING_DAYS)).toBe(0); // 09:00 → 23:00 China
  });

  it('given a transfer on Wednesday 30 September and the answer on Friday 9 October, then 2: the 国庆 holiday 1–7 October counts no day', () => {
    // 8 Oct (Thu) is working day 1, 9 Oct (Fri) working day 2.
    expect(workingDaysBetween(at('2026-09-30T02:00:00Z'), at('2026-10-09T03:00:00Z'), CN_WORKING_DAYS)).toBe(2);
  });

  it('given the answer on Monday 12 October, then 4: Saturday 10 October is a 调休 working day, Sunday 11 is not', () => {
    expect(workingDaysBetween(at('2026-09-30T02:00:00Z'), at('2026-10-12T01:00:00Z'), CN_WORKING_DAYS)).toBe(4);
  });

  it('given a Friday transfer answered on Saturday, then 1: within the deadline of the first working day (Monday)', () => {
    expect(workingDaysBetween(at('2026-11-27T02:00:00Z'), at('2026-11-28T02:00:00Z'), CN_WORKING_DAYS)).toBe(1);
  });

  it('given 23:30 UTC, then it is already the next China day', () => {
    // Mon 2 Nov 10:00 China → Mon 2 Nov 23:30 UTC = Tue 3 Nov 07:30 China: 1 working day.
    expect(workingDaysBetween(at('2026-11-02T02:00:00Z'), at('2026-11-02T23:30:00Z'), CN_WORKING_DAYS)).toBe(1);
  });
});

describe('median', () => {
  it('given odd, even and no values, then the middle, the mean of the two middles, null', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

const base: TransferLedgerRow = {
  transferId: 't1',
  kind: 'transfer',
  clueId: 'c1',
  category: 'kickback',
  sender: 'nhc:341300',
  recipient: 'samr:341300',
  viaTransferId: null,
  basis: 'b',
  note: null,
  status: 'pending',
  reason: null,
  transferredAt: '2026-09-30T02:00:00.000Z',
  acknowledgeBy: '2026-10-09T15:59:59.999Z',
  feedbackBy: '2026-11-30T15:59:59.999Z',
  acknowledgedAt: null,
  rejectedAt: null,
  answeredAt: null,
  overdue: false,
  overdueRecorded: false,
  supervisionLevel: 0,
  extension: null,
  outcome: null,
};

describe('statistics per department (通报)', () => {
  it('given a hand-made period, when computed, then counts, overdue rate and medians are the hand-computed ones', () => {
    const rows: TransferLedgerRow[] = [
      // samr: acknowledged on working day 2 and answered on working day 4
      { ...base, status: 'answered', acknowledgedAt: '2026-10-09T03:00:00.000Z', answeredAt: '2026-10-12T01:00:00.000Z' },
      // samr: acknowledged the same day, still investigating
      { ...base, transferId: 't2', status: 'acknowledged', acknowledgedAt: '2026-09-30T06:00:00.000Z' },
      // samr: acknowledged late (after acknowledge-by, working day 3 = Sat 10 Oct), no TransferOverdue recorded
      { ...base, transferId: 't3', status: 'acknowledged', acknowledgedAt: '2026-10-10T02:00:00.000Z' },
      // sta: the same transfer t1, rejected
      { ...base, recipient: 'sta:341300', status: 'rejected', rejectedAt: '2026-09-30T05:00:00.000Z' },
      // sta: pending and late now
      { ...base, transferId: 't2', recipient: 'sta:341300', overdue: true, overdueRecorded: true },
      // a forward by samr to mps, pending, not late
      { ...base, transferId: 't4', kind: 'forward', sender: 'samr:341300', recipient: 'mps:341300', viaTransferId: 't1' },
    ];
    const stats = computeLedgerStats(rows, CN_WORKING_DAYS, ['ccdi:341300']);
    expect(stats.map((s) => s.department)).toEqual(['ccdi:341300', 'mps:341300', 'nhc:341300', 'samr:341300', 'sta:341300']);
    const of = (d: string) => stats.find((s) => s.department === d);
    expect(of('samr:341300')).toEqual({
      department: 'samr:341300',
      sent: 1,
      received: 3,
      pending: 0,
      acknowledged: 2,
      rejected: 0,
      answered: 1,
      overdue: 1,
      overdueRate: 0.3333,
      medianWorkingDaysToAcknowledge: 2, // [2, 0, 3]
      medianWorkingDaysToFeedback: 4,
    });
    expect(of('sta:341300')).toMatchObject({ received: 2, pending: 1, rejected: 1, overdue: 1, overdueRate: 0.5, medianWorkingDaysToAcknowledge: null, medianWorkingDaysToFeedback: null });
    expect(of('nhc:341300')).toMatchObject({ sent: 3, received: 0, overdueRate: null });
    expect(of('mps:341300')).toMatchObject({ received: 1, pending: 1, overdue: 0, overdueRate: 0 });
    expect(of('ccdi:341300')).toMatchObject({ sent: 0, received: 0, overdue: 0, overdueRate: null, medianWorkingDaysToAcknowledge: null });
  });

  it('given answers after their deadlines, then each counts as a missed deadline; on time it does not', () => {
    expect(missedDeadline(base)).toBe(false);
    expect(missedDeadline({ ...base, status: 'rejected', rejectedAt: '2026-10-10T00:00:00.000Z' })).toBe(true);
    expect(missedDeadline({ ...base, status: 'answered', acknowledgedAt: '2026-10-01T00:00:00.000Z', answeredAt: '2026-12-01T00:00:00.000Z' })).toBe(true);
    expect(missedDeadline({ ...base, status: 'answered', acknowledgedAt: '2026-10-01T00:00:00.000Z', answeredAt: '2026-11-01T00:00:00.000Z' })).toBe(false);
  });

  it('given a row transferred before the calendar’s first year, then it is left out of the medians, not a failure', () => {
    const old = { ...base, transferredAt: '2025-12-30T02:00:00.000Z', status: 'acknowledged' as const, acknowledgedAt: '2026-01-05T02:00:00.000Z' };
    const [, samr] = computeLedgerStats([old], CN_WORKING_DAYS);
    expect(samr).toMatchObject({ department: 'samr:341300', acknowledged: 1, medianWorkingDaysToAcknowledge: null });
  });
});
