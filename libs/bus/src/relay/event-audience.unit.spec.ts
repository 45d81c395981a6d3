import type { RecordedEvent } from '@cluebus/contracts';
import { audienceCodes, eventAudience } from './event-audience';

const event = (type: string, data: Record<string, unknown>) => ({ type, data }) as unknown as RecordedEvent;

describe('event audience', () => {
  it('given a transfer, when routed, then only its recipients are addressed, not the sender', () => {
    expect(eventAudience(event('ClueTransferred', { from: 'nhc:341300', to: ['samr:341300', 'sta:340000'] }))).toEqual(['samr:341300', 'sta:340000']);
  });

  it('given an answer to a transfer, when routed, then the answering department gets it for its own inbox', () => {
    expect(audienceCodes(event('TransferAcknowledged', { by: 'samr:341300' }))).toEqual(['samr']);
    expect(audienceCodes(event('FeedbackSent', { by: 'samr:341300', to: 'nhc:341300' })).sort()).toEqual(['nhc', 'samr']);
  });

  it('given a registration or an investigation step, when routed, then no inbox topic is addressed', () => {
    expect(eventAudience(event('ClueRegistered', { registeredBy: 'nhc:341300' }))).toEqual([]);
    expect(eventAudience(event('FindingRecorded', { by: 'samr:341300' }))).toEqual([]);
  });

  it('given an overdue notice, when routed, then the late recipient is addressed', () => {
    expect(eventAudience(event('TransferOverdue', { recipient: 'mps:341300' }))).toEqual(['mps:341300']);
  });
});
