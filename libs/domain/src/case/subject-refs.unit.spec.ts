import { SUBJECT_REF_PATTERN } from '@cluebus/contracts';
import { foldClue } from '../clue/clue-state';
import { ev, NHC, SAMR } from '../testing/clue-fixtures';
import { foldCase } from './case-state';
import { briberyPairs, caseSubjects, subjectRefOf } from './subject-refs';
import { asClue, caseEv, CLUE_2, DOCTOR_REF, PHARMA_REF } from './testing/case-specification';
import { CLUE_ID } from '../testing/clue-fixtures';

const TOKEN = `idt1:${'ab'.repeat(32)}`;

describe('subject references', () => {
  it('name a subject by its ID token, else its USCC, else its place in the clue — never by name', () => {
    expect(subjectRefOf(CLUE_ID, 0, { kind: 'person', name: '张某', idToken: TOKEN })).toBe(TOKEN);
    expect(subjectRefOf(CLUE_ID, 0, { kind: 'enterprise', name: '某医药有限公司', uscc: '91330100716105852F' })).toBe('uscc:91330100716105852F');
    expect(subjectRefOf(CLUE_ID, 3, { kind: 'official', name: '某科长' })).toBe(`subject:${CLUE_ID}/3`);
    for (const ref of [TOKEN, 'uscc:91330100716105852F', `subject:${CLUE_ID}/3`]) expect(ref).toMatch(SUBJECT_REF_PATTERN);
    for (const bad of ['张某', 'uscc:91330100716105852I', `subject:${CLUE_ID}`, 'idt1:xyz']) expect(bad).not.toMatch(SUBJECT_REF_PATTERN);
  });

  it('given two clues naming the same person, when the case subjects are listed, then they merge by token', () => {
    const doctor = { kind: 'person' as const, name: '某医生', role: 'bribe-taker' as const, idToken: DOCTOR_REF };
    const clues = {
      [CLUE_ID]: foldClue([ev.registered(NHC)]),
      [CLUE_2]: foldClue(asClue(CLUE_2, [ev.registered(SAMR, { subjects: [{ ...doctor, name: '另一写法', role: 'related' }] })])),
    };
    const subjects = caseSubjects([CLUE_ID, CLUE_2], clues);
    expect(subjects).toEqual([
      { ref: PHARMA_REF, kind: 'enterprise', roles: ['briber'], clueIds: [CLUE_ID] },
      { ref: DOCTOR_REF, kind: 'person', roles: ['bribe-taker', 'related'], clueIds: [CLUE_ID, CLUE_2] },
    ]);
    expect(JSON.stringify(subjects)).not.toContain('某医生');
  });

  it('derive briber × bribe-taker pairs within each clue and merge the hand-linked ones', () => {
    const clues = {
      [CLUE_ID]: foldClue([ev.registered(NHC)]),
      [CLUE_2]: foldClue(
        asClue(CLUE_2, [
          ev.registered(NHC, {
            subjects: [
              { kind: 'enterprise', name: '甲公司', role: 'briber', uscc: '91341302MA2N0000XX' },
              { kind: 'official', name: '某科长', role: 'bribe-taker' },
              { kind: 'person', name: '某医生', role: 'bribe-taker', idToken: DOCTOR_REF },
            ],
          }),
        ]),
      ),
    };
    const state = foldCase([caseEv.opened(NHC, [CLUE_ID, CLUE_2]), caseEv.linked(PHARMA_REF, DOCTOR_REF), caseEv.linked(DOCTOR_REF, `subject:${CLUE_2}/1`)]);
    expect(briberyPairs(state, clues)).toEqual([
      { briber: PHARMA_REF, bribeTaker: DOCTOR_REF, sources: ['derived', 'linked'], clueIds: [CLUE_ID, CLUE_2] },
      { briber: PHARMA_REF, bribeTaker: `subject:${CLUE_2}/1`, sources: ['derived'], clueIds: [CLUE_2] },
      { briber: DOCTOR_REF, bribeTaker: `subject:${CLUE_2}/1`, sources: ['linked'], clueIds: [] },
    ]);
  });

  it('given a clue the case names but nobody could read, when pairs are derived, then it is skipped', () => {
    expect(briberyPairs(foldCase([caseEv.opened()]), {})).toEqual([]);
  });
});
