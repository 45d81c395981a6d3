import { foldClue } from '../../clue/clue-state';
import { BusinessRule } from '../../clue/rules/business-rule';
import { DomainError } from '../../domain-error';
import { CCDI, CLUE_ID, ev, NHC, NHSA, OUTSIDER, SAMR } from '../../testing/clue-fixtures';
import { CaseErrorCodes, CaseTracksOpenError } from '../case-error-codes';
import { foldCase, initialCaseState } from '../case-state';
import { caseClues, caseEv, CLUE_2, DOCTOR_REF, PHARMA_REF } from '../testing/case-specification';
import * as rules from './index';

const clues = caseClues();
const opened = foldCase([caseEv.opened()]);
const withSamrTrack = foldCase([caseEv.opened(), caseEv.trackOpened(SAMR)]);
const samrConcluded = foldCase([caseEv.opened(), caseEv.trackOpened(SAMR), caseEv.trackConcluded(SAMR)]);
const concluded = foldCase([caseEv.opened(), caseEv.concluded()]);

/** Each rule: an instance that holds, one that is broken, and the refusal the broken one gives. */
const cases: Array<[string, BusinessRule, BusinessRule, { code: string; field?: string; kind?: string }]> = [
  ['CaseMustNotAlreadyExist', new rules.CaseMustNotAlreadyExist(initialCaseState()), new rules.CaseMustNotAlreadyExist(opened), { code: CaseErrorCodes.CASE_ALREADY_EXISTS }],
  ['CaseMustBeVisibleToActor', new rules.CaseMustBeVisibleToActor(opened, CCDI, clues), new rules.CaseMustBeVisibleToActor(opened, OUTSIDER, clues), { code: CaseErrorCodes.CASE_NOT_FOUND, kind: 'not-found' }],
  ['CaseMustBeOpen', new rules.CaseMustBeOpen(opened), new rules.CaseMustBeOpen(concluded), { code: CaseErrorCodes.CASE_ALREADY_CONCLUDED }],
  ['ActorMustBeLeadOrTrackHolder', new rules.ActorMustBeLeadOrTrackHolder(withSamrTrack, SAMR), new rules.ActorMustBeLeadOrTrackHolder(withSamrTrack, CCDI), { code: CaseErrorCodes.NOT_A_CASE_PARTICIPANT }],
  ['CaseTitleIsRequired', new rules.CaseTitleIsRequired('回扣案'), new rules.CaseTitleIsRequired(' \t'), { code: CaseErrorCodes.TITLE_REQUIRED, field: 'title' }],
  ['CaseMustHaveClues', new rules.CaseMustHaveClues([CLUE_ID]), new rules.CaseMustHaveClues([]), { code: CaseErrorCodes.CLUES_REQUIRED, field: 'clueIds' }],
  ['CaseCluesMustBeDistinct', new rules.CaseCluesMustBeDistinct([CLUE_ID, CLUE_2]), new rules.CaseCluesMustBeDistinct([CLUE_ID, CLUE_2, CLUE_ID]), { code: CaseErrorCodes.CLUE_LISTED_TWICE, field: 'clueIds' }],
  ['ClueMustBeVisibleToOpener', new rules.ClueMustBeVisibleToOpener(clues[CLUE_ID], CCDI, 'clueIds[0]'), new rules.ClueMustBeVisibleToOpener(clues[CLUE_2], NHC, 'clueIds[1]'), { code: CaseErrorCodes.CLUE_NOT_FOUND, field: 'clueIds[1]' }],
  ['AttachedClueMustBeVisibleToActor', new rules.AttachedClueMustBeVisibleToActor(clues[CLUE_2], SAMR, 'clueId'), new rules.AttachedClueMustBeVisibleToActor(undefined, SAMR, 'clueId'), { code: CaseErrorCodes.CLUE_NOT_FOUND, field: 'clueId' }],
  ['ClueMayBeAttachedOnce', new rules.ClueMayBeAttachedOnce(opened, CLUE_2), new rules.ClueMayBeAttachedOnce(opened, CLUE_ID), { code: CaseErrorCodes.CLUE_ALREADY_ATTACHED }],
  ['TrackViaMustBeKnown', new rules.TrackViaMustBeKnown('investigation'), new rules.TrackViaMustBeKnown('hearsay'), { code: CaseErrorCodes.INVALID_TRACK_VIA, field: 'via' }],
  ['TrackClueMustBelongToCase', new rules.TrackClueMustBelongToCase(opened, CLUE_ID), new rules.TrackClueMustBelongToCase(opened, CLUE_2), { code: CaseErrorCodes.CLUE_NOT_IN_CASE, field: 'clueId' }],
  ['TrackRequiresEngagementWithClue', new rules.TrackRequiresEngagementWithClue(clues[CLUE_ID], NHSA, 'acknowledged-transfer'), new rules.TrackRequiresEngagementWithClue(clues[CLUE_ID], CCDI, 'acknowledged-transfer'), { code: CaseErrorCodes.NO_ENGAGEMENT_WITH_CLUE, field: 'clueId' }],
  ['TrackMayBeOpenedOnce', new rules.TrackMayBeOpenedOnce(withSamrTrack, NHSA), new rules.TrackMayBeOpenedOnce(withSamrTrack, SAMR), { code: CaseErrorCodes.TRACK_ALREADY_OPEN }],
  ['OnlyTrackHolderMayConcludeTrack', new rules.OnlyTrackHolderMayConcludeTrack(withSamrTrack, SAMR), new rules.OnlyTrackHolderMayConcludeTrack(withSamrTrack, NHSA), { code: CaseErrorCodes.ONLY_TRACK_HOLDER_MAY_CONCLUDE_TRACK }],
  ['TrackMayBeConcludedOnce', new rules.TrackMayBeConcludedOnce(withSamrTrack, SAMR), new rules.TrackMayBeConcludedOnce(samrConcluded, SAMR), { code: CaseErrorCodes.TRACK_ALREADY_CONCLUDED }],
  ['OutcomeMustBeKnown', new rules.OutcomeMustBeKnown('handed-over'), new rules.OutcomeMustBeKnown('unverifiable'), { code: CaseErrorCodes.INVALID_OUTCOME, field: 'outcome' }],
  ['OnlyLeadMayConclude', new rules.OnlyLeadMayConclude(opened, NHC), new rules.OnlyLeadMayConclude(opened, SAMR), { code: CaseErrorCodes.ONLY_LEAD_MAY_CONCLUDE }],
  ['CaseCannotConcludeWithOpenTracks', new rules.CaseCannotConcludeWithOpenTracks(samrConcluded), new rules.CaseCannotConcludeWithOpenTracks(withSamrTrack), { code: CaseErrorCodes.CASE_TRACKS_OPEN }],
  ['BriberyPairSidesMustDiffer', new rules.BriberyPairSidesMustDiffer(PHARMA_REF, DOCTOR_REF), new rules.BriberyPairSidesMustDiffer(PHARMA_REF, PHARMA_REF), { code: CaseErrorCodes.BRIBERY_PAIR_SAME_SUBJECT, field: 'bribeTaker' }],
  ['PairSubjectMustBelongToCase', new rules.PairSubjectMustBelongToCase(opened, clues, DOCTOR_REF, 'bribeTaker'), new rules.PairSubjectMustBelongToCase(opened, clues, 'uscc:91330100716105852F', 'briber'), { code: CaseErrorCodes.SUBJECT_NOT_IN_CASE, field: 'briber' }],
  ['FlaggedPairMustBeOfCase', new rules.FlaggedPairMustBeOfCase(opened, clues, PHARMA_REF, DOCTOR_REF), new rules.FlaggedPairMustBeOfCase(opened, clues, DOCTOR_REF, PHARMA_REF), { code: CaseErrorCodes.BRIBERY_PAIR_NOT_IN_CASE, field: 'briber' }],
  ['OneSidedFlagMayBeRecordedOnce', new rules.OneSidedFlagMayBeRecordedOnce(opened, PHARMA_REF, DOCTOR_REF), new rules.OneSidedFlagMayBeRecordedOnce(foldCase([caseEv.opened(), caseEv.flagged(PHARMA_REF, DOCTOR_REF)]), PHARMA_REF, DOCTOR_REF), { code: CaseErrorCodes.ONE_SIDED_ALREADY_FLAGGED }],
  ['OneSidedMatterGoesToCcdi', new rules.OneSidedMatterGoesToCcdi(CCDI), new rules.OneSidedMatterGoesToCcdi(SAMR), { code: CaseErrorCodes.FLAG_RECIPIENT_MUST_BE_CCDI, field: 'recipient' }],
  ['OneSidedFlagCitesFindings', new rules.OneSidedFlagCitesFindings(['01937a8e-0000-7000-8000-00000000f001']), new rules.OneSidedFlagCitesFindings([]), { code: CaseErrorCodes.FLAG_EVIDENCE_REQUIRED, field: 'findingEventIds' }],
  ['BriberyPairMayBeLinkedOnce', new rules.BriberyPairMayBeLinkedOnce(opened, PHARMA_REF, DOCTOR_REF), new rules.BriberyPairMayBeLinkedOnce(foldCase([caseEv.opened(), caseEv.linked(PHARMA_REF, DOCTOR_REF)]), PHARMA_REF, DOCTOR_REF), { code: CaseErrorCodes.BRIBERY_PAIR_ALREADY_LINKED }],
];

describe('case business rules', () => {
  const ruleClasses = Object.entries(rules).filter(([, v]) => typeof v === 'function' && v.prototype instanceof BusinessRule).map(([name]) => name);

  it('given every rule class exported, when listed, then each has a case below (no untested rule)', () => {
    expect([...ruleClasses].sort()).toEqual(cases.map(([name]) => name).sort());
  });

  it.each(cases)('%s: holds when it should, is broken when it should, and refuses with its code', (name, holds, broken, expected) => {
    expect(holds.name).toBe(name);
    expect(broken.name).toBe(name);
    expect(holds.isBroken()).toBe(false);
    expect(broken.isBroken()).toBe(true);
    const error = broken.error();
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(expected.code);
    expect(error.field).toBe(expected.field);
    expect(error.kind).toBe(expected.kind ?? 'rule');
  });

  it('every case error code is a stable UPPER_SNAKE string equal to its key', () => {
    for (const [key, value] of Object.entries(CaseErrorCodes)) {
      expect(value).toBe(key);
      expect(value).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
    }
  });

  it('CaseCannotConcludeWithOpenTracks names the open tracks (CaseTracksOpenError.openTracks), in opening order', () => {
    const state = foldCase([caseEv.opened(), caseEv.trackOpened(NHSA), caseEv.trackOpened(SAMR), caseEv.trackOpened(CCDI), caseEv.trackConcluded(SAMR)]);
    const error = new rules.CaseCannotConcludeWithOpenTracks(state).error();
    expect(error).toBeInstanceOf(CaseTracksOpenError);
    expect(error.openTracks).toEqual([NHSA, CCDI]);
    expect(error.message).toContain('nhsa:341300, ccdi:341300');
  });

  it('CaseCannotConcludeWithOpenTracks counts departments engaged with a clue whose track is not recorded yet (the processor is about to open it)', () => {
    // caseClues: samr and nhsa acknowledged CLUE_ID, samr investigates; ccdi has not answered
    const rule = new rules.CaseCannotConcludeWithOpenTracks(samrConcluded, clues);
    expect(rule.isBroken()).toBe(true);
    expect(rule.error().openTracks).toEqual([NHSA]);
    const nhsaConcluded = foldCase([caseEv.opened(), caseEv.trackOpened(SAMR), caseEv.trackOpened(NHSA), caseEv.trackConcluded(SAMR), caseEv.trackConcluded(NHSA)]);
    expect(new rules.CaseCannotConcludeWithOpenTracks(nhsaConcluded, clues).isBroken()).toBe(false);
  });

  it('CaseMustBeVisibleToActor: the lead, a track holder and whoever sees a clue of the case see it; nobody sees a missing case', () => {
    const hiddenClue = { [CLUE_ID]: foldClue([ev.registered(NHC)]) };
    expect(new rules.CaseMustBeVisibleToActor(withSamrTrack, NHC, hiddenClue).isBroken()).toBe(false);
    expect(new rules.CaseMustBeVisibleToActor(withSamrTrack, SAMR, hiddenClue).isBroken()).toBe(false);
    expect(new rules.CaseMustBeVisibleToActor(withSamrTrack, CCDI, hiddenClue).isBroken()).toBe(true);
    expect(new rules.CaseMustBeVisibleToActor(initialCaseState(), NHC, clues).isBroken()).toBe(true);
  });

  it('TrackRequiresEngagementWithClue: a rejected transfer engages nobody; an investigation engages via investigation only', () => {
    const clue = foldClue([ev.registered(NHC), ev.transferred('t1', NHC, [SAMR, CCDI]), ev.rejected('t1', CCDI), ev.acknowledged('t1', SAMR)]);
    expect(new rules.TrackRequiresEngagementWithClue(clue, CCDI, 'acknowledged-transfer').isBroken()).toBe(true);
    expect(new rules.TrackRequiresEngagementWithClue(clue, SAMR, 'acknowledged-transfer').isBroken()).toBe(false);
    expect(new rules.TrackRequiresEngagementWithClue(clue, SAMR, 'investigation').isBroken()).toBe(true);
    expect(new rules.TrackRequiresEngagementWithClue(undefined, SAMR, 'investigation').isBroken()).toBe(true);
  });
});
