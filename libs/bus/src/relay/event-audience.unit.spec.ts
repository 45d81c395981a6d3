import { CLUE_EVENT_VERSIONS, type ClueEventType, type RecordedEvent } from '@cluebus/contracts';
import { audienceCodes, eventAudience } from './event-audience';

// The rules of docs/adr/0004 (amended): a department's inbox topic gets an event when the
// department is named in `to`, in `recipient`, or in `by` of an answer to a transfer — never as
// `from`, `registeredBy` or `by` of any other event.

const event = (type: string, data: Record<string, unknown>) => ({ type, data }) as unknown as RecordedEvent;

const NHC = 'nhc:341300';
const SAMR = 'samr:341300';
const STA = 'sta:340000';
const MPS = 'mps:341300';

/** Every event type, with every department-valued field it has, and the inboxes it reaches. */
const BY_TYPE: Record<ClueEventType, { data: Record<string, unknown>; audience: string[] }> = {
  ClueRegistered: { data: { registeredBy: NHC }, audience: [] },
  ClueTransferred: { data: { from: NHC, to: [SAMR, STA] }, audience: [SAMR, STA] },
  TransferAcknowledged: { data: { by: SAMR }, audience: [SAMR] },
  TransferRejected: { data: { by: STA, reason: '不属本部门管辖' }, audience: [STA] },
  ClueForwarded: { data: { from: SAMR, to: [MPS] }, audience: [MPS] },
  InvestigationOpened: { data: { by: SAMR }, audience: [] },
  FindingRecorded: { data: { by: SAMR }, audience: [] },
  DispositionDecided: { data: { by: SAMR }, audience: [] },
  FeedbackSent: { data: { by: SAMR, to: NHC }, audience: [NHC, SAMR] },
  TransferOverdue: { data: { recipient: MPS, deadline: 'acknowledge' }, audience: [MPS] },
  SupervisionIssued: { data: { by: NHC, recipients: [SAMR, STA], level: 1 }, audience: [SAMR, STA] },
  // 延期: the request reaches the sender who decides (`to`) and the asking recipient's own inbox (`by`);
  // the decision reaches the recipient only — the sender made it.
  TransferExtensionRequested: { data: { by: SAMR, to: NHC, deadline: 'acknowledge', days: 3 }, audience: [NHC, SAMR] },
  TransferExtensionGranted: { data: { by: NHC, recipient: SAMR, deadline: 'acknowledge', days: 3 }, audience: [SAMR] },
  TransferExtensionDenied: { data: { by: NHC, recipient: SAMR, deadline: 'acknowledge' }, audience: [SAMR] },
};

describe('event audience', () => {
  it.each(Object.keys(CLUE_EVENT_VERSIONS) as ClueEventType[])('given a %s, when routed, then exactly the departments the ADR names are addressed', (type) => {
    const { data, audience } = BY_TYPE[type];
    expect(eventAudience(event(type, data)).sort()).toEqual([...audience].sort());
  });

  it('given a transfer, when routed, then only its recipients are addressed, not the sender', () => {
    expect(eventAudience(event('ClueTransferred', { from: NHC, to: [SAMR, STA] }))).toEqual([SAMR, STA]);
  });

  it('given a forward, when routed, then its new recipients are addressed, not the forwarding department', () => {
    expect(audienceCodes(event('ClueForwarded', { from: SAMR, to: [MPS, STA], viaTransferId: 't1' })).sort()).toEqual(['mps', 'sta']);
  });

  it('given an answer to a transfer, when routed, then the answering department gets it for its own inbox', () => {
    expect(audienceCodes(event('TransferAcknowledged', { by: SAMR }))).toEqual(['samr']);
    expect(audienceCodes(event('TransferRejected', { by: STA, reason: 'r' }))).toEqual(['sta']);
  });

  it('given a feedback, when routed, then both the department it answers (`to`) and the answering one (`by`) are addressed', () => {
    expect(audienceCodes(event('FeedbackSent', { by: SAMR, to: NHC })).sort()).toEqual(['nhc', 'samr']);
  });

  it('given a registration or an investigation step, when routed, then no inbox topic is addressed', () => {
    expect(eventAudience(event('ClueRegistered', { registeredBy: NHC }))).toEqual([]);
    for (const type of ['InvestigationOpened', 'FindingRecorded', 'DispositionDecided']) expect(eventAudience(event(type, { by: SAMR }))).toEqual([]);
  });

  it('given a supervision (督办), when routed, then the recipients still open are addressed, not the lead unit', () => {
    expect(audienceCodes(event('SupervisionIssued', { by: NHC, recipients: [SAMR, MPS] })).sort()).toEqual(['mps', 'samr']);
  });

  it('given an overdue notice, when routed, then the late recipient is addressed', () => {
    expect(eventAudience(event('TransferOverdue', { recipient: MPS }))).toEqual([MPS]);
  });

  it('given an extension (延期), when routed, then the request reaches sender and requester, the decision the recipient alone', () => {
    expect(audienceCodes(event('TransferExtensionRequested', { by: MPS, to: SAMR })).sort()).toEqual(['mps', 'samr']);
    expect(audienceCodes(event('TransferExtensionGranted', { by: SAMR, recipient: MPS }))).toEqual(['mps']);
    expect(audienceCodes(event('TransferExtensionDenied', { by: SAMR, recipient: MPS, reason: 'r' }))).toEqual(['mps']);
  });

  it('given several instances of one department, when routed, then each instance is named once and the department gets one message', () => {
    const transfer = event('ClueTransferred', { from: NHC, to: [SAMR, 'samr:340000', SAMR] });
    expect(eventAudience(transfer)).toEqual([SAMR, 'samr:340000']);
    expect(audienceCodes(transfer)).toEqual(['samr']);
  });

  it('given values that are not department instances, when routed, then they address nobody', () => {
    expect(eventAudience(event('ClueTransferred', { from: NHC, to: ['investigator', 'samr', '', 42] }))).toEqual([]);
    expect(eventAudience(event('TransferAcknowledged', { by: 'investigator' }))).toEqual([]);
  });
});
