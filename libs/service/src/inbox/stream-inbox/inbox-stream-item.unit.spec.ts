import type { RecordedEvent } from '@cluebus/contracts';
import { inboxStreamItemOf } from './inbox-stream-item';

const ME = 'samr:341300';
const event = (type: string, data: object, globalPosition = 42): RecordedEvent =>
  ({
    eventId: `e-${globalPosition}`,
    type,
    version: 1,
    data,
    metadata: { occurredAt: '2026-12-01T08:00:00.000Z' },
    streamId: 'clue-c',
    streamPosition: 1,
    globalPosition,
    recordedAt: '2026-12-01T08:00:00.000Z',
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  }) as unknown as RecordedEvent;

const transfer = { clueId: 'c', transferId: 't', from: 'nhc:341300', to: [ME, 'sta:341300'], basis: '移交机制', note: '内部备注', acknowledgeBy: 'a', feedbackBy: 'f' };

describe('inboxStreamItemOf', () => {
  it('given a transfer to this instance, when mapped, then the item carries its terms and position, not its note', () => {
    expect(inboxStreamItemOf(event('ClueTransferred', transfer), ME)).toEqual({
      position: 42, kind: 'transfer', eventId: 'e-42', type: 'ClueTransferred', occurredAt: '2026-12-01T08:00:00.000Z',
      clueId: 'c', transferId: 't', from: 'nhc:341300', basis: '移交机制', acknowledgeBy: 'a', feedbackBy: 'f',
    });
  });

  it('given a transfer to another instance of the same department, when mapped, then it is not this inbox\'s', () => {
    expect(inboxStreamItemOf(event('ClueTransferred', { ...transfer, to: ['samr:340000'] }), ME)).toBeUndefined();
  });

  it('given a forward, a supervision, an overdue and extension decisions for this instance, when mapped, then each has its kind', () => {
    const kinds = [
      event('ClueForwarded', { ...transfer, viaTransferId: 'v' }),
      event('SupervisionIssued', { clueId: 'c', transferId: 't', level: 2, note: '请加快', dueBy: 'd', by: 'nhc:341300', recipients: [ME] }),
      event('TransferOverdue', { clueId: 'c', transferId: 't', recipient: ME, deadline: 'acknowledge', dueAt: 'd' }),
      event('TransferExtensionGranted', { clueId: 'c', transferId: 't', by: 'nhc:341300', recipient: ME, deadline: 'feedback', days: 5, previousDueAt: 'p', dueAt: 'n' }),
      event('TransferExtensionDenied', { clueId: 'c', transferId: 't', by: 'nhc:341300', recipient: ME, deadline: 'feedback', reason: 'no' }),
      event('SanctionImposed', { sanctionId: 's', recipient: ME, subject: { kind: 'enterprise', name: '某公司' } }),
    ].map((e) => inboxStreamItemOf(e, ME));
    expect(kinds.map((k) => k?.kind)).toEqual(['transfer', 'supervision', 'overdue', 'extension-granted', 'extension-denied', 'joint-punishment']);
    expect(kinds[0]).toMatchObject({ viaTransferId: 'v' });
    expect(kinds[3]).toMatchObject({ deadline: 'feedback', dueAt: 'n' });
    // a sanction's subject (a name) never travels in the stream: only its id
    expect(JSON.stringify(kinds[5])).not.toContain('某公司');
  });

  it('given events of the clue that are not addressed to a recipient, when mapped, then none is an item', () => {
    for (const type of ['ClueRegistered', 'TransferAcknowledged', 'FeedbackSent', 'FindingRecorded']) {
      expect(inboxStreamItemOf(event(type, { clueId: 'c', by: ME, to: [ME] }), ME)).toBeUndefined();
    }
  });
});
