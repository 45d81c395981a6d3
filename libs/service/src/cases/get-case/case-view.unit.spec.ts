import { foldCase } from '@cluebus/domain';
import { CCDI, CLUE_ID, MPS, NHC, SAMR } from '@cluebus/domain/testing';
import { caseClues, caseEv, CLUE_2, DOCTOR_REF, PHARMA_REF } from '@cluebus/domain/case/testing/case-specification';
import type { Principal } from '../../auth/principal';
import { caseSummary, caseView } from './case-view';

const department = (instance: string): Principal => ({ role: 'department', instance, code: instance.split(':')[0] as never, actor: instance, keyFingerprint: 'test' });
const investigator: Principal = { role: 'investigator', instance: 'investigator', actor: 'investigator', keyFingerprint: 'test' };

describe('case view', () => {
  const state = foldCase([
    caseEv.opened(NHC, [CLUE_ID]),
    caseEv.trackOpened(SAMR),
    caseEv.trackOpened(CCDI, 'investigation'),
    caseEv.trackConcluded(SAMR, 'substantiated', '查实回扣'),
  ]);

  it('given a case with tracks, when viewed by the lead, then tracks, open tracks and the derived bribery pair are listed by reference', () => {
    const view = caseView(state, caseClues(), department(NHC), 3);
    expect(view).toMatchObject({ caseId: state.caseId, lead: NHC, status: 'open', clues: [CLUE_ID], openTracks: [CCDI], flags: [], version: 3 });
    expect(view.tracks).toEqual([
      { department: SAMR, status: 'concluded', outcome: 'substantiated', summary: '查实回扣', via: 'acknowledged-transfer', clueId: CLUE_ID },
      { department: CCDI, status: 'open', via: 'investigation', clueId: CLUE_ID },
    ]);
    expect(view.briberyPairs).toEqual([{ briber: PHARMA_REF, bribeTaker: DOCTOR_REF, sources: ['derived'], clueIds: [CLUE_ID] }]);
    expect(view.subjects.map((s) => s.ref)).toEqual([PHARMA_REF, DOCTOR_REF]);
    expect(JSON.stringify(view)).not.toMatch(/某医药有限公司|某医生/);
  });

  it('given a clue the viewer was never sent, when viewed, then its subjects and derived pairs are withheld, but hand-linked pairs are shown', () => {
    const withHidden = foldCase([caseEv.opened(SAMR, [CLUE_ID, CLUE_2]), caseEv.linked(PHARMA_REF, DOCTOR_REF, SAMR)]);
    const clues = caseClues();
    const hiddenFromMps = caseView(withHidden, clues, department(MPS), 1);
    expect(hiddenFromMps.subjects).toEqual([]);
    expect(hiddenFromMps.briberyPairs).toEqual([{ briber: PHARMA_REF, bribeTaker: DOCTOR_REF, sources: ['linked'], clueIds: [] }]);
    expect(caseView(withHidden, clues, investigator, 1).briberyPairs[0].sources).toEqual(['derived', 'linked']);
  });

  it('summarises a case for the list', () => {
    expect(caseSummary(state)).toEqual({
      caseId: state.caseId,
      lead: NHC,
      title: state.title,
      status: 'open',
      clues: 1,
      tracks: [
        { department: SAMR, status: 'concluded', outcome: 'substantiated' },
        { department: CCDI, status: 'open' },
      ],
      openTracks: [CCDI],
    });
  });
});
