import { DomainError } from '../domain-error';
import { foldClue } from '../clue/clue-state';
import { ClueErrorCodes } from '../clue/clue-error-codes';
import { CCDI, CLUE_ID, ev, MPS, NHC, NHSA, OUTSIDER, SAMR } from '../testing/clue-fixtures';
import { CaseErrorCodes as E, CaseTracksOpenError } from './case-error-codes';
import { initialCaseState } from './case-state';
import { decideCase } from './decide-case';
import {
  ACK_NHSA_EVENT,
  ACK_SAMR_EVENT,
  asClue,
  caseClues,
  caseCmd,
  caseEv,
  caseSpecification,
  CLUE_2,
  DOCTOR_REF,
  OPEN_SAMR_EVENT,
  PHARMA_REF,
} from './testing/case-specification';

const given = caseSpecification();
const OPENED = caseEv.opened();
const SAMR_TRACK = caseEv.trackOpened(SAMR);
const NHSA_TRACK = caseEv.trackOpened(NHSA, 'acknowledged-transfer', CLUE_ID, ACK_NHSA_EVENT);

describe('decideCase', () => {
  describe('any command', () => {
    it('given any state, when the actor is not a department instance, then it is refused (forbidden)', () => {
      given().when(caseCmd.open(), 'nhc').thenThrows(ClueErrorCodes.INVALID_ACTOR, { kind: 'forbidden' });
      given(OPENED).when(caseCmd.conclude(), 'NHC:341300').thenThrows(ClueErrorCodes.INVALID_ACTOR, { kind: 'forbidden' });
    });

    it('given a missing case and a case the actor may not see, when it acts, then both answer CASE_NOT_FOUND alike', () => {
      const missing = given().when(caseCmd.conclude(), OUTSIDER).thenThrows(E.CASE_NOT_FOUND, { kind: 'not-found' });
      const hidden = given(OPENED).when(caseCmd.conclude(), OUTSIDER).thenThrows(E.CASE_NOT_FOUND, { kind: 'not-found' });
      expect(hidden.message).toBe(missing.message);
      expect(hidden.field).toBe(missing.field);
    });

    it('refuses with DomainError instances and never touches the state', () => {
      const state = initialCaseState();
      expect(() => decideCase(caseCmd.conclude(), state, { actor: NHC, clues: {} })).toThrow(DomainError);
      expect(state).toEqual(initialCaseState());
    });

    it('given a concluded case, when anyone acts on it, then CASE_ALREADY_CONCLUDED', () => {
      const closed = [OPENED, caseEv.concluded(NHC)];
      given(...closed).when(caseCmd.attach(CLUE_2), NHC).thenThrows(E.CASE_ALREADY_CONCLUDED);
      given(...closed).when(caseCmd.openTrack(), SAMR).thenThrows(E.CASE_ALREADY_CONCLUDED);
      given(...closed).when(caseCmd.conclude(), NHC).thenThrows(E.CASE_ALREADY_CONCLUDED);
      given(...closed).when(caseCmd.link(PHARMA_REF, DOCTOR_REF), NHC).thenThrows(E.CASE_ALREADY_CONCLUDED);
    });
  });

  describe('OpenCase', () => {
    it('given no case, when nhc opens one over a clue it registered, then CaseOpened names nhc the lead', () => {
      given().when(caseCmd.open(), NHC).then([OPENED]);
    });

    it('given no case, when a recipient of a clue opens one, then it is the lead', () => {
      given().when(caseCmd.open([CLUE_ID, CLUE_2]), SAMR).then([caseEv.opened(SAMR, [CLUE_ID, CLUE_2])]);
    });

    it('given an open case, when opened again, then CASE_ALREADY_EXISTS', () => {
      given(OPENED).when(caseCmd.open(), NHC).thenThrows(E.CASE_ALREADY_EXISTS);
    });

    it('given a clue the opener may not see, when it opens a case over it, then CLUE_NOT_FOUND names its place', () => {
      given().when(caseCmd.open([CLUE_ID, CLUE_2]), NHC).thenThrows(E.CLUE_NOT_FOUND, { field: 'clueIds[1]' });
      given().when(caseCmd.open([CLUE_ID]), MPS).thenThrows(E.CLUE_NOT_FOUND, { field: 'clueIds[0]' });
    });

    it('given a clue that does not exist, when named, then the same CLUE_NOT_FOUND', () => {
      given().when(caseCmd.open(['01937a8e-5c2b-7b1e-9a3f-000000000000']), NHC).thenThrows(E.CLUE_NOT_FOUND, { field: 'clueIds[0]' });
    });

    it('refuses a blank title, a blank basis, no clues and a clue listed twice, naming the field', () => {
      given().when(caseCmd.open([CLUE_ID], { title: '  ' }), NHC).thenThrows(E.TITLE_REQUIRED, { field: 'title' });
      given().when(caseCmd.open([CLUE_ID], { basis: '' }), NHC).thenThrows(ClueErrorCodes.BASIS_REQUIRED, { field: 'basis' });
      given().when(caseCmd.open([]), NHC).thenThrows(E.CLUES_REQUIRED, { field: 'clueIds' });
      given().when(caseCmd.open([CLUE_ID, CLUE_ID]), NHC).thenThrows(E.CLUE_LISTED_TWICE, { field: 'clueIds' });
    });
  });

  describe('AttachClue', () => {
    const samrLeads = caseEv.opened(SAMR, [CLUE_ID]);

    it('given a case led by samr, when samr attaches a clue it registered, then ClueAttachedToCase', () => {
      given(samrLeads).when(caseCmd.attach(CLUE_2), SAMR).then([caseEv.attached(CLUE_2, SAMR)]);
    });

    it('given a track holder, when it attaches a clue it sees, then ClueAttachedToCase', () => {
      given(OPENED, SAMR_TRACK).when(caseCmd.attach(CLUE_2), SAMR).then([caseEv.attached(CLUE_2, SAMR)]);
    });

    it('given a clue the actor may not see, when it attaches it, then CLUE_NOT_FOUND on clueId', () => {
      given(OPENED).when(caseCmd.attach(CLUE_2), NHC).thenThrows(E.CLUE_NOT_FOUND, { field: 'clueId' });
    });

    it('given a clue already in the case, when attached again, then CLUE_ALREADY_ATTACHED', () => {
      given(OPENED).when(caseCmd.attach(CLUE_ID), NHC).thenThrows(E.CLUE_ALREADY_ATTACHED);
      given(samrLeads, caseEv.attached(CLUE_2, SAMR)).when(caseCmd.attach(CLUE_2), SAMR).thenThrows(E.CLUE_ALREADY_ATTACHED);
    });

    it('given a department that sees the case but has no track, when it attaches, then NOT_A_CASE_PARTICIPANT', () => {
      given(OPENED).when(caseCmd.attach(CLUE_2), CCDI).thenThrows(E.NOT_A_CASE_PARTICIPANT);
    });
  });

  describe('OpenTrack', () => {
    it('given samr acknowledged a transfer of a clue of the case, when its track is opened, then TrackOpened cites the causing event', () => {
      given(OPENED).when(caseCmd.openTrack('acknowledged-transfer', CLUE_ID, ACK_SAMR_EVENT), SAMR).then([SAMR_TRACK]);
    });

    it('given samr opened an investigation on the clue, when its track is opened via investigation, then TrackOpened', () => {
      given(OPENED)
        .when(caseCmd.openTrack('investigation', CLUE_ID, OPEN_SAMR_EVENT), SAMR)
        .then([caseEv.trackOpened(SAMR, 'investigation', CLUE_ID, OPEN_SAMR_EVENT)]);
    });

    it('given the registrar investigates its own clue, when its track is opened, then the lead has a track too', () => {
      const clues = { ...caseClues(), [CLUE_ID]: foldClue([ev.registered(NHC), ev.opened(NHC)]) };
      caseSpecification(clues)(OPENED)
        .when(caseCmd.openTrack('investigation', CLUE_ID, OPEN_SAMR_EVENT), NHC)
        .then([caseEv.trackOpened(NHC, 'investigation', CLUE_ID, OPEN_SAMR_EVENT)]);
    });

    it('given a track already open, when a second engagement comes, then TRACK_ALREADY_OPEN (one track per department)', () => {
      given(OPENED, SAMR_TRACK).when(caseCmd.openTrack('investigation', CLUE_ID, OPEN_SAMR_EVENT), SAMR).thenThrows(E.TRACK_ALREADY_OPEN);
    });

    it('given ccdi has not acknowledged, when a track is opened for it, then NO_ENGAGEMENT_WITH_CLUE', () => {
      given(OPENED).when(caseCmd.openTrack(), CCDI).thenThrows(E.NO_ENGAGEMENT_WITH_CLUE, { field: 'clueId' });
      given(OPENED).when(caseCmd.openTrack('investigation'), NHSA).thenThrows(E.NO_ENGAGEMENT_WITH_CLUE, { field: 'clueId' });
    });

    it('given a clue outside the case, when a track is opened through it, then CLUE_NOT_IN_CASE', () => {
      const clues = { ...caseClues(), [CLUE_2]: foldClue(asClue(CLUE_2, [ev.registered(NHC), ev.transferred('t9', NHC, [SAMR]), ev.acknowledged('t9', SAMR)])) };
      caseSpecification(clues)(OPENED).when(caseCmd.openTrack('acknowledged-transfer', CLUE_2), SAMR).thenThrows(E.CLUE_NOT_IN_CASE, { field: 'clueId' });
    });

    it('refuses an unknown way of opening', () => {
      given(OPENED)
        .when({ type: 'OpenTrack', data: { via: 'rumour' as never, clueId: CLUE_ID, causationEventId: ACK_SAMR_EVENT } }, SAMR)
        .thenThrows(E.INVALID_TRACK_VIA, { field: 'via' });
    });
  });

  describe('ConcludeTrack', () => {
    it('given samr has an open track, when it concludes it, then TrackConcluded with its outcome', () => {
      given(OPENED, SAMR_TRACK)
        .when(caseCmd.concludeTrack('partly-substantiated', '部分属实：回扣 2 万元查实'), SAMR)
        .then([caseEv.trackConcluded(SAMR, 'partly-substantiated', '部分属实：回扣 2 万元查实')]);
    });

    it('given a department without a track (ccdi, pending; nhc, the lead), when it concludes, then ONLY_TRACK_HOLDER_MAY_CONCLUDE_TRACK', () => {
      given(OPENED, SAMR_TRACK).when(caseCmd.concludeTrack(), CCDI).thenThrows(E.ONLY_TRACK_HOLDER_MAY_CONCLUDE_TRACK);
      given(OPENED, SAMR_TRACK).when(caseCmd.concludeTrack(), NHC).thenThrows(E.ONLY_TRACK_HOLDER_MAY_CONCLUDE_TRACK);
    });

    it('given a concluded track, when concluded again, then TRACK_ALREADY_CONCLUDED', () => {
      given(OPENED, SAMR_TRACK, caseEv.trackConcluded(SAMR)).when(caseCmd.concludeTrack('unsubstantiated'), SAMR).thenThrows(E.TRACK_ALREADY_CONCLUDED);
    });

    it('refuses an unknown outcome and a blank summary, naming the field', () => {
      given(OPENED, SAMR_TRACK).when(caseCmd.concludeTrack('unverifiable' as never), SAMR).thenThrows(E.INVALID_OUTCOME, { field: 'outcome' });
      given(OPENED, SAMR_TRACK).when(caseCmd.concludeTrack('handed-over', ' '), SAMR).thenThrows(ClueErrorCodes.SUMMARY_REQUIRED, { field: 'summary' });
    });
  });

  describe('ConcludeCase', () => {
    it('given every track concluded, when the lead concludes, then CaseConcluded', () => {
      given(OPENED, SAMR_TRACK, NHSA_TRACK, caseEv.trackConcluded(SAMR), caseEv.trackConcluded(NHSA, 'handed-over', '移送公安'))
        .when(caseCmd.conclude('各部门均已办结'), NHC)
        .then([caseEv.concluded(NHC, '各部门均已办结')]);
      const onlySamrEngaged = { [CLUE_ID]: foldClue([ev.registered(NHC), ev.transferred('t1', NHC, [SAMR, CCDI]), ev.acknowledged('t1', SAMR), ev.rejected('t1', CCDI)]) };
      caseSpecification(onlySamrEngaged)(OPENED, SAMR_TRACK, caseEv.trackConcluded(SAMR)).when(caseCmd.conclude(), NHC).then([caseEv.concluded(NHC)]);
    });

    it('given a department engaged with a clue whose track is not recorded yet, when the lead concludes, then CASE_TRACKS_OPEN names it too', () => {
      // nhsa acknowledged (caseClues), the case-track processor has not opened its track yet
      const error = given(OPENED, SAMR_TRACK, caseEv.trackConcluded(SAMR)).when(caseCmd.conclude(), NHC).thenThrows(E.CASE_TRACKS_OPEN);
      expect((error as unknown as CaseTracksOpenError).openTracks).toEqual([NHSA]);
    });

    it('given open tracks, when the lead concludes, then CASE_TRACKS_OPEN names every open track in opening order', () => {
      const error = given(OPENED, NHSA_TRACK, SAMR_TRACK).when(caseCmd.conclude(), NHC).thenThrows(E.CASE_TRACKS_OPEN);
      expect(error).toBeInstanceOf(CaseTracksOpenError);
      expect((error as unknown as CaseTracksOpenError).openTracks).toEqual([NHSA, SAMR]);
      const last = given(OPENED, NHSA_TRACK, SAMR_TRACK, caseEv.trackConcluded(NHSA)).when(caseCmd.conclude(), NHC).thenThrows(E.CASE_TRACKS_OPEN);
      expect((last as unknown as CaseTracksOpenError).openTracks).toEqual([SAMR]);
    });

    it('given a track holder, when it concludes the case, then ONLY_LEAD_MAY_CONCLUDE', () => {
      given(OPENED, SAMR_TRACK, caseEv.trackConcluded(SAMR)).when(caseCmd.conclude(), SAMR).thenThrows(E.ONLY_LEAD_MAY_CONCLUDE);
    });

    it('refuses a blank summary when one is given', () => {
      caseSpecification({})(OPENED).when(caseCmd.conclude('  '), NHC).thenThrows(ClueErrorCodes.SUMMARY_REQUIRED, { field: 'summary' });
    });
  });

  describe('LinkBriberyPair', () => {
    const other = { ...caseClues(), [CLUE_2]: foldClue(asClue(CLUE_2, [ev.registered(NHC, { subjects: [{ kind: 'official', name: '某科长', position: '某局' }] })])) };
    const OFFICIAL_REF = `subject:${CLUE_2}/0`;

    it('given subjects of the case, when the lead links them, then BriberyPairLinked by reference', () => {
      caseSpecification(other)(OPENED, caseEv.attached(CLUE_2, NHC))
        .when(caseCmd.link(PHARMA_REF, OFFICIAL_REF), NHC)
        .then([caseEv.linked(PHARMA_REF, OFFICIAL_REF, NHC)]);
    });

    it('given a pair the clue already derives, when linked by hand, then it is recorded (a confirmation, no refusal)', () => {
      given(OPENED, SAMR_TRACK).when(caseCmd.link(PHARMA_REF, DOCTOR_REF), SAMR).then([caseEv.linked(PHARMA_REF, DOCTOR_REF, SAMR)]);
    });

    it('given the same pair linked before, when linked again, then BRIBERY_PAIR_ALREADY_LINKED', () => {
      given(OPENED, caseEv.linked(PHARMA_REF, DOCTOR_REF)).when(caseCmd.link(PHARMA_REF, DOCTOR_REF), NHC).thenThrows(E.BRIBERY_PAIR_ALREADY_LINKED);
    });

    it('refuses a subject outside the case and the same subject on both sides, naming the field', () => {
      given(OPENED).when(caseCmd.link(PHARMA_REF, `subject:${CLUE_2}/0`), NHC).thenThrows(E.SUBJECT_NOT_IN_CASE, { field: 'bribeTaker' });
      given(OPENED).when(caseCmd.link('uscc:91330100716105852F', DOCTOR_REF), NHC).thenThrows(E.SUBJECT_NOT_IN_CASE, { field: 'briber' });
      given(OPENED).when(caseCmd.link(DOCTOR_REF, DOCTOR_REF), NHC).thenThrows(E.BRIBERY_PAIR_SAME_SUBJECT, { field: 'bribeTaker' });
    });

    it('given a department that sees the case without a track, when it links, then NOT_A_CASE_PARTICIPANT', () => {
      given(OPENED).when(caseCmd.link(PHARMA_REF, DOCTOR_REF), CCDI).thenThrows(E.NOT_A_CASE_PARTICIPANT);
    });
  });

  describe('FlagOneSidedBribery (行贿受贿一起查)', () => {
    it('given a pair derived from the clue, when the check flags it in the lead\'s name, then OneSidedBriberyFlagged handed to ccdi', () => {
      given(OPENED).when(caseCmd.flag(PHARMA_REF, DOCTOR_REF), NHC).then([caseEv.flagged(PHARMA_REF, DOCTOR_REF)]);
    });

    it('given the pair flagged before, when flagged again (a restart, a second replica), then ONE_SIDED_ALREADY_FLAGGED', () => {
      given(OPENED, caseEv.flagged(PHARMA_REF, DOCTOR_REF)).when(caseCmd.flag(PHARMA_REF, DOCTOR_REF), NHC).thenThrows(E.ONE_SIDED_ALREADY_FLAGGED);
    });

    it('refuses a pair that is not the case\'s, a recipient that is not ccdi and a flag citing no finding, naming the field', () => {
      given(OPENED).when(caseCmd.flag(DOCTOR_REF, PHARMA_REF), NHC).thenThrows(E.BRIBERY_PAIR_NOT_IN_CASE, { field: 'briber' });
      given(OPENED).when(caseCmd.flag(PHARMA_REF, DOCTOR_REF, { recipient: SAMR }), NHC).thenThrows(E.FLAG_RECIPIENT_MUST_BE_CCDI, { field: 'recipient' });
      given(OPENED).when(caseCmd.flag(PHARMA_REF, DOCTOR_REF, { findingEventIds: [] }), NHC).thenThrows(E.FLAG_EVIDENCE_REQUIRED, { field: 'findingEventIds' });
    });

    it('given a flag handed to a ccdi that sees none of the clues, when it asks for the case, then it may see it', () => {
      const elsewhere = 'ccdi:341100';
      given(OPENED, caseEv.flagged(PHARMA_REF, DOCTOR_REF, { recipient: elsewhere })).when(caseCmd.link(PHARMA_REF, DOCTOR_REF), elsewhere).thenThrows(E.NOT_A_CASE_PARTICIPANT);
      given(OPENED).when(caseCmd.link(PHARMA_REF, DOCTOR_REF), elsewhere).thenThrows(E.CASE_NOT_FOUND, { kind: 'not-found' });
    });
  });

  it('uses the context clues only: an unknown clue id counts as missing', () => {
    expect(() => decideCase(caseCmd.open([CLUE_ID]), initialCaseState(), { actor: NHC, clues: {} })).toThrow(
      expect.objectContaining({ code: E.CLUE_NOT_FOUND, field: 'clueIds[0]' }),
    );
  });
});
