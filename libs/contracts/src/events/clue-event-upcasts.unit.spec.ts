import { CLUE_EVENT_UPCASTS, incompleteUpcastChains, upcastTargetVersion } from './clue-event-upcasts';
import { CLUE_EVENT_VERSIONS } from './clue-events';

describe('clue event upcasts', () => {
  it('given the current event versions, when every older version is followed through its steps, then each reaches the current version', () => {
    expect(incompleteUpcastChains()).toEqual([]);
    expect(upcastTargetVersion('FindingRecorded', 1)).toBe(CLUE_EVENT_VERSIONS.FindingRecorded);
    expect(upcastTargetVersion('ClueRegistered', 1)).toBe(CLUE_EVENT_VERSIONS.ClueRegistered);
    expect(upcastTargetVersion('ClueRegistered', 2)).toBe(2);
  });

  it('given a FindingRecorded v1 payload, when it is upcast, then it gains evidence: [] and keeps everything else, without changing the input', () => {
    const step = CLUE_EVENT_UPCASTS.find((u) => u.type === 'FindingRecorded' && u.fromVersion === 1)!.step;
    const v1 = Object.freeze({ clueId: 'c', by: 'samr:341300', result: 'substantiated', summary: '经查属实' });
    expect(step(v1)).toEqual({ ...v1, evidence: [] });
    expect(v1).not.toHaveProperty('evidence');
  });

  it('given a ClueRegistered v1 payload with clear personal data, when it is upcast, then persons\' names and the reporter\'s identity are withheld and enterprises keep theirs', () => {
    const step = CLUE_EVENT_UPCASTS.find((u) => u.type === 'ClueRegistered' && u.fromVersion === 1)!.step;
    const v1 = Object.freeze({
      clueId: 'c',
      subjects: [
        { kind: 'enterprise', name: '某医药有限公司', uscc: '91330100716105852F' },
        { kind: 'person', name: '张某', idToken: 'idt1:ab', role: 'bribe-taker' },
        { kind: 'official', name: '李某', isOfficial: true },
      ],
      reporter: { anonymous: false, name: '王某', contact: '13800000000' },
    });
    const v2 = step(v1);
    expect(v2.subjects).toEqual([
      { kind: 'enterprise', name: '某医药有限公司', uscc: '91330100716105852F' },
      { kind: 'person', idToken: 'idt1:ab', role: 'bribe-taker' },
      { kind: 'official', isOfficial: true },
    ]);
    expect(v2.reporter).toEqual({ anonymous: false });
    expect(JSON.stringify(v2)).not.toMatch(/张某|李某|王某|13800000000/);
  });
});
