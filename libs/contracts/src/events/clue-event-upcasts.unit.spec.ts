import { CLUE_EVENT_UPCASTS, incompleteUpcastChains, upcastTargetVersion } from './clue-event-upcasts';
import { CLUE_EVENT_VERSIONS } from './clue-events';

describe('clue event upcasts', () => {
  it('given the current event versions, when every older version is followed through its steps, then each reaches the current version', () => {
    expect(incompleteUpcastChains()).toEqual([]);
    expect(upcastTargetVersion('FindingRecorded', 1)).toBe(CLUE_EVENT_VERSIONS.FindingRecorded);
    expect(upcastTargetVersion('ClueRegistered', 1)).toBe(1);
  });

  it('given a FindingRecorded v1 payload, when it is upcast, then it gains evidence: [] and keeps everything else, without changing the input', () => {
    const step = CLUE_EVENT_UPCASTS.find((u) => u.type === 'FindingRecorded' && u.fromVersion === 1)!.step;
    const v1 = Object.freeze({ clueId: 'c', by: 'samr:341300', result: 'substantiated', summary: '经查属实' });
    expect(step(v1)).toEqual({ ...v1, evidence: [] });
    expect(v1).not.toHaveProperty('evidence');
  });
});
