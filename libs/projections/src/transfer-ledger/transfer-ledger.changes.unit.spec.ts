import type { RecordedEvent } from '@cluebus/contracts';
import { ledgerChangesOf } from './transfer-ledger.changes';
import { isOverdue, toLedgerRow, type TransferLedgerDbRow } from './transfer-ledger.query';

let position = 0;
const event = (type: string, data: Record<string, unknown>, occurredAt = '2026-11-02T02:00:00.000Z'): RecordedEvent => ({
  eventId: `00000000-0000-7000-8000-${String(++position).padStart(12, '0')}`,
  type,
  schemaVersion: 1,
  data,
  metadata: { department: 'nhc:341300', actor: 'x', occurredAt, causationId: 'c', correlationId: 'c' },
  streamId: 'clue-1',
  streamPosition: 0,
  globalPosition: position,
  recordedAt: occurredAt,
  prevHash: '',
  hash: '',
});

const terms = { clueId: 'c1', transferId: 't1', from: 'nhc:341300', basis: '依据', acknowledgeBy: '2026-11-04T15:59:59.999Z', feedbackBy: '2026-12-01T15:59:59.999Z' };

describe('transfer ledger changes (pure)', () => {
  it('given a transfer to two recipients (one named twice), when mapped, then one open row per distinct recipient with its terms and the event time', () => {
    const e = event('ClueTransferred', { ...terms, to: ['samr:341300', 'sta:341300', 'samr:341300'], note: '请核查' });
    const changes = ledgerChangesOf(e);
    expect(changes.map((c) => (c.kind === 'open' ? c.recipient : c.kind))).toEqual(['samr:341300', 'sta:341300']);
    expect(changes[0]).toEqual({
      kind: 'open',
      clueId: 'c1',
      transferId: 't1',
      recipient: 'samr:341300',
      sender: 'nhc:341300',
      transferKind: 'transfer',
      viaTransferId: null,
      basis: '依据',
      note: '请核查',
      acknowledgeBy: terms.acknowledgeBy,
      feedbackBy: terms.feedbackBy,
      at: '2026-11-02T02:00:00.000Z',
      position: e.globalPosition,
    });
  });

  it('given a forward, when mapped, then its rows are of kind forward and keep the transfer they pass on', () => {
    const [change] = ledgerChangesOf(event('ClueForwarded', { ...terms, transferId: 't2', from: 'samr:341300', to: ['mps:341300'], viaTransferId: 't1' }));
    expect(change).toMatchObject({ kind: 'open', transferKind: 'forward', viaTransferId: 't1', sender: 'samr:341300', recipient: 'mps:341300', note: null });
  });

  it('given the answers of a recipient, when mapped, then each names the row (transfer, recipient) and its time', () => {
    const at = '2026-11-03T01:00:00.000Z';
    expect(ledgerChangesOf(event('TransferAcknowledged', { clueId: 'c1', transferId: 't1', by: 'samr:341300' }, at))).toEqual([
      { kind: 'acknowledged', transferId: 't1', recipient: 'samr:341300', at, position },
    ]);
    expect(ledgerChangesOf(event('TransferRejected', { clueId: 'c1', transferId: 't1', by: 'sta:341300', reason: '不属管辖' }, at))).toEqual([
      { kind: 'rejected', transferId: 't1', recipient: 'sta:341300', reason: '不属管辖', at, position },
    ]);
    expect(ledgerChangesOf(event('FeedbackSent', { clueId: 'c1', transferId: 't1', by: 'samr:341300', to: 'nhc:341300', summary: 's' }, at))).toEqual([
      { kind: 'answered', transferId: 't1', recipient: 'samr:341300', at, position },
    ]);
  });

  it('given registration, finding, overdue, 督办 and extensions, when mapped, then category, outcome, flags, level and extension state follow', () => {
    expect(ledgerChangesOf(event('ClueRegistered', { clueId: 'c1', registeredBy: 'nhc:341300', category: 'kickback' }))).toEqual([
      { kind: 'clue', clueId: 'c1', category: 'kickback', registeredBy: 'nhc:341300' },
    ]);
    expect(ledgerChangesOf(event('FindingRecorded', { clueId: 'c1', by: 'samr:341300', result: 'substantiated', summary: 's', evidence: [] }))).toEqual([
      { kind: 'finding', clueId: 'c1', department: 'samr:341300', result: 'substantiated' },
    ]);
    expect(ledgerChangesOf(event('TransferOverdue', { clueId: 'c1', transferId: 't1', recipient: 'sta:341300', deadline: 'acknowledge', dueAt: 'x' }))).toEqual([
      { kind: 'overdue', transferId: 't1', recipient: 'sta:341300', deadline: 'acknowledge' },
    ]);
    expect(
      ledgerChangesOf(event('SupervisionIssued', { clueId: 'c1', transferId: 't1', level: 2, note: 'n', dueBy: '2026-11-10T00:00:00.000Z', by: 'nhc:341300', recipients: ['samr:341300', 'sta:341300'] })),
    ).toEqual([
      { kind: 'supervised', transferId: 't1', recipient: 'samr:341300', level: 2, dueBy: '2026-11-10T00:00:00.000Z' },
      { kind: 'supervised', transferId: 't1', recipient: 'sta:341300', level: 2, dueBy: '2026-11-10T00:00:00.000Z' },
    ]);
    const ext = { clueId: 'c1', transferId: 't1', deadline: 'feedback' };
    expect(ledgerChangesOf(event('TransferExtensionRequested', { ...ext, by: 'samr:341300', to: 'nhc:341300', days: 5, reason: 'r', currentDueAt: 'x' }))).toEqual([
      { kind: 'extension-requested', transferId: 't1', recipient: 'samr:341300', deadline: 'feedback', days: 5 },
    ]);
    expect(
      ledgerChangesOf(event('TransferExtensionGranted', { ...ext, by: 'nhc:341300', recipient: 'samr:341300', days: 5, previousDueAt: 'x', dueAt: '2026-12-08T15:59:59.999Z' })),
    ).toEqual([{ kind: 'extension-granted', transferId: 't1', recipient: 'samr:341300', deadline: 'feedback', days: 5, dueAt: '2026-12-08T15:59:59.999Z' }]);
    expect(ledgerChangesOf(event('TransferExtensionDenied', { ...ext, by: 'nhc:341300', recipient: 'samr:341300', reason: 'r' }))).toEqual([
      { kind: 'extension-denied', transferId: 't1', recipient: 'samr:341300', deadline: 'feedback' },
    ]);
  });

  it('given an event the ledger does not follow, when mapped, then no change', () => {
    expect(ledgerChangesOf(event('InvestigationOpened', { clueId: 'c1', by: 'samr:341300', basis: 'b' }))).toEqual([]);
    expect(ledgerChangesOf(event('CaseOpened', { caseId: 'k' }))).toEqual([]);
  });
});

describe('overdue at query time (pure)', () => {
  const row = { acknowledgeBy: '2026-11-04T15:59:59.999Z', feedbackBy: '2026-12-01T15:59:59.999Z', overdueAcknowledge: false, overdueFeedback: false };
  const before = new Date('2026-11-04T15:00:00Z');
  const afterAck = new Date('2026-11-05T00:00:00Z');
  const afterFeedback = new Date('2026-12-02T00:00:00Z');

  it('given a pending row, then it is late only past acknowledge-by or when recorded late', () => {
    expect(isOverdue({ ...row, status: 'pending' }, before)).toBe(false);
    expect(isOverdue({ ...row, status: 'pending' }, afterAck)).toBe(true);
    expect(isOverdue({ ...row, status: 'pending', overdueAcknowledge: true }, before)).toBe(true);
  });

  it('given an acknowledged row, then acknowledge-by no longer matters, feedback-by does', () => {
    expect(isOverdue({ ...row, status: 'acknowledged' }, afterAck)).toBe(false);
    expect(isOverdue({ ...row, status: 'acknowledged' }, afterFeedback)).toBe(true);
    expect(isOverdue({ ...row, status: 'acknowledged', overdueFeedback: true }, afterAck)).toBe(true);
  });

  it('given a rejected or answered row, then it is never late, whatever was recorded', () => {
    for (const status of ['rejected', 'answered'] as const) expect(isOverdue({ ...row, status, overdueAcknowledge: true, overdueFeedback: true }, afterFeedback)).toBe(false);
  });

  it('given a database row, when mapped, then instants are ISO-8601 UTC, absent values null, and overdue judged at now', () => {
    const db: TransferLedgerDbRow = {
      transfer_id: 't1',
      recipient: 'samr:341300',
      clue_id: 'c1',
      sender: 'nhc:341300',
      kind: 'transfer',
      via_transfer_id: null,
      basis: 'b',
      note: null,
      status: 'pending',
      reason: null,
      acknowledge_by: new Date(row.acknowledgeBy),
      feedback_by: new Date(row.feedbackBy),
      transferred_at: new Date('2026-11-02T02:00:00Z'),
      acknowledged_at: null,
      rejected_at: null,
      answered_at: null,
      overdue_acknowledge: false,
      overdue_feedback: false,
      overdue_recorded: false,
      supervision_level: 1,
      extension_state: null,
      category: 'kickback',
      outcome: null,
    };
    expect(toLedgerRow(db, afterAck)).toEqual({
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
      transferredAt: '2026-11-02T02:00:00.000Z',
      acknowledgeBy: row.acknowledgeBy,
      feedbackBy: row.feedbackBy,
      acknowledgedAt: null,
      rejectedAt: null,
      answeredAt: null,
      overdue: true,
      overdueRecorded: false,
      supervisionLevel: 1,
      extension: null,
      outcome: null,
    });
  });
});
