import { CaseTrackOpener } from './case-track-opener';

describe('CaseTrackOpener ids', () => {
  const request = { department: 'samr:341300', caseId: '0193aaaa-0000-7000-8000-000000000001', causationEventId: '0193cccc-0000-7000-8000-000000000009' };

  it('are derived from (department, case, causing event): the same cause always gives the same command and event ids', () => {
    const a = CaseTrackOpener.idsOf(request);
    const b = CaseTrackOpener.idsOf({ ...request });
    expect(a.commandId).toBe(b.commandId);
    expect(a.eventId(0)).toBe(b.eventId(0));
    expect(a.idempotencyKey).toBeDefined();
  });

  it('differ per case and per cause (event ids are unique across the log)', () => {
    const base = CaseTrackOpener.idsOf(request);
    expect(CaseTrackOpener.idsOf({ ...request, caseId: '0193aaaa-0000-7000-8000-000000000002' }).eventId(0)).not.toBe(base.eventId(0));
    expect(CaseTrackOpener.idsOf({ ...request, causationEventId: '0193cccc-0000-7000-8000-000000000010' }).eventId(0)).not.toBe(base.eventId(0));
  });

  it('are pinned: tracks already opened must be recognised after an upgrade', () => {
    expect(CaseTrackOpener.idsOf(request).commandId).toBe('e4d8fee6-6269-57bc-8986-f302979c30de');
  });
});
