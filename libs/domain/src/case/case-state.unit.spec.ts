import fc from 'fast-check';
import type { CaseEvent } from '@cluebus/contracts';
import { foldClue } from '../clue/clue-state';
import { CCDI, CLUE_ID, ev, MPS, NHC, NHSA, SAMR } from '../testing/clue-fixtures';
import { deepFreeze } from '../deep-freeze';
import { allTracks, canSeeCase, engagedWithClue, evolveCase, foldCase, initialCaseState, isCaseParticipant, openTracks, tracksAboutToOpen } from './case-state';
import { caseClues, caseEv, CLUE_2 } from './testing/case-specification';

describe('case state', () => {
  it('given a case history, when folded, then clues, tracks, pairs and conclusion are as recorded', () => {
    const state = foldCase([
      caseEv.opened(NHC, [CLUE_ID]),
      caseEv.attached(CLUE_2, NHC),
      caseEv.trackOpened(SAMR),
      caseEv.trackOpened(NHSA, 'investigation'),
      caseEv.trackConcluded(SAMR, 'substantiated', '查实'),
      caseEv.linked('uscc:91341302MA2N0000XX', 'tok-doctor', SAMR),
    ]);
    expect(state).toMatchObject({ exists: true, lead: NHC, status: 'open', clueIds: [CLUE_ID, CLUE_2] });
    expect(state.tracks[SAMR]).toMatchObject({ status: 'concluded', outcome: 'substantiated', summary: '查实', seq: 0 });
    expect(state.tracks[NHSA]).toMatchObject({ status: 'open', via: 'investigation', seq: 1 });
    expect(openTracks(state)).toEqual([NHSA]);
    expect(allTracks(state).map((t) => t.department)).toEqual([SAMR, NHSA]);
    expect(state.linkedPairs).toEqual([{ briber: 'uscc:91341302MA2N0000XX', bribeTaker: 'tok-doctor', by: SAMR }]);
    const closed = evolveCase(state, caseEv.concluded(NHC, '结案'));
    expect(closed).toMatchObject({ status: 'concluded', conclusion: { by: NHC, summary: '结案' } });
  });

  it('given events decide never produces twice, when folded, then they change nothing (replay-safe)', () => {
    const once = foldCase([caseEv.opened(), caseEv.trackOpened(SAMR), caseEv.trackConcluded(SAMR)]);
    expect(foldCase([caseEv.opened(SAMR), caseEv.attached(CLUE_ID, NHC), caseEv.trackOpened(SAMR, 'investigation')], once)).toBe(once);
    expect(evolveCase(once, caseEv.trackConcluded(SAMR, 'unsubstantiated'))).toBe(once);
    expect(evolveCase(once, caseEv.trackConcluded(CCDI))).toBe(once);
    const closed = evolveCase(once, caseEv.concluded());
    expect(evolveCase(closed, caseEv.concluded(SAMR, 'again'))).toBe(closed);
  });

  it('given any sequence of openings, attachments (repeated too) and other events, when folded, then foldCase equals evolveCase one event at a time', () => {
    const clue = fc.constantFrom(CLUE_ID, CLUE_2, 'c-3', 'c-4', 'c-5');
    const event: fc.Arbitrary<CaseEvent> = fc.oneof(
      { arbitrary: clue.map((id) => caseEv.attached(id, NHC)), weight: 6 },
      clue.map((id) => caseEv.opened(NHC, [id])),
      fc.constantFrom(SAMR, NHSA, MPS).map((d) => caseEv.trackOpened(d)),
      fc.constantFrom(SAMR, NHSA).map((d) => caseEv.trackConcluded(d)),
      fc.constant(caseEv.linked('a', 'b')),
      fc.constant(caseEv.concluded()),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), fc.array(event, { maxLength: 5 }), (events, before) => {
        const from = before.reduce(evolveCase, initialCaseState());
        expect(foldCase(events, from)).toEqual(events.reduce(evolveCase, from));
      }),
      { numRuns: 300 },
    );
  });

  it('never mutates the state it folds (frozen states)', () => {
    let state = deepFreeze(initialCaseState());
    for (const e of [caseEv.opened(), caseEv.attached(CLUE_2, NHC), caseEv.trackOpened(SAMR), caseEv.trackConcluded(SAMR), caseEv.linked('a', 'b'), caseEv.concluded()]) {
      state = deepFreeze(evolveCase(state, e));
    }
    expect(state.status).toBe('concluded');
  });

  it('who sees a case and who takes part in it', () => {
    const state = foldCase([caseEv.opened(), caseEv.trackOpened(SAMR)]);
    const clues = caseClues();
    expect([NHC, SAMR, NHSA, CCDI, MPS].map((d) => canSeeCase(state, d, clues))).toEqual([true, true, true, true, false]);
    expect([NHC, SAMR, NHSA].map((d) => isCaseParticipant(state, d))).toEqual([true, true, false]);
    expect(canSeeCase(initialCaseState(), NHC, clues)).toBe(false);
    expect(canSeeCase(state, CCDI, {})).toBe(false);
  });

  it('engagement with a clue: 签收 of a transfer or forward, or an investigation', () => {
    const clue = foldClue([ev.registered(NHC), ev.transferred('t1', NHC, [SAMR]), ev.acknowledged('t1', SAMR), ev.forwarded('f1', 't1', SAMR, [MPS]), ev.acknowledged('f1', MPS)]);
    expect(engagedWithClue(clue, MPS, 'acknowledged-transfer')).toBe(true);
    expect(engagedWithClue(clue, NHC, 'acknowledged-transfer')).toBe(false);
    expect(engagedWithClue(foldClue([ev.registered(NHC), ev.opened(NHC)]), NHC, 'investigation')).toBe(true);
    expect(engagedWithClue(undefined, NHC, 'investigation')).toBe(false);
  });

  it('tracks about to open: engaged departments (签收, investigation) of the case clues without a recorded track, in order', () => {
    const clues = caseClues();
    expect(tracksAboutToOpen(foldCase([caseEv.opened()]), clues)).toEqual([SAMR, NHSA]);
    expect(tracksAboutToOpen(foldCase([caseEv.opened(), caseEv.trackOpened(SAMR)]), clues)).toEqual([NHSA]);
    expect(tracksAboutToOpen(foldCase([caseEv.opened(NHC, [CLUE_2])]), clues)).toEqual([]);
    const investigatingRegistrar = { [CLUE_ID]: foldClue([ev.registered(NHC), ev.opened(NHC)]) };
    expect(tracksAboutToOpen(foldCase([caseEv.opened()]), investigatingRegistrar)).toEqual([NHC]);
  });
});
