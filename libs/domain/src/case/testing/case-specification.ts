import type { CaseEvent, CaseTrackOutcome, ClueEvent, TrackOpenedVia } from '@cluebus/contracts';
import { foldClue, type ClueState } from '../../clue/clue-state';
import { CCDI, CLUE_ID, ev, NHC, NHSA, SAMR } from '../../testing/clue-fixtures';
import { DeciderSpecification } from '../../testing/decider-specification';
import type { CaseCommand } from '../case-commands';
import { caseDecider } from '../case-decider';

/** Fixtures of the Case aggregate's tests (一案多查). Clue fixtures are those of the Clue's tests. */
export const CASE_ID = '01937a8e-5c2b-7b1e-9a3f-6f0e2d4c8c20';
export const CLUE_2 = '01937a8e-5c2b-7b1e-9a3f-6f0e2d4c8b22';
export const CASE_BASIS = '《关于建立医药领域腐败问题线索移交机制的通知》 一案多查';
export const ACK_SAMR_EVENT = '01937a8e-0000-7000-8000-00000000a001';
export const ACK_NHSA_EVENT = '01937a8e-0000-7000-8000-00000000a002';
export const OPEN_SAMR_EVENT = '01937a8e-0000-7000-8000-00000000a003';

/** The references of the clue fixtures' subjects: PHARMA by its USCC, DOCTOR by its ID token. */
export const PHARMA_REF = 'uscc:91341302MA2N0000XX';
export const DOCTOR_REF = 'tok-doctor';

/** A clue's events with another clue id (the clue fixtures all use CLUE_ID). */
export function asClue(clueId: string, events: readonly ClueEvent[]): ClueEvent[] {
  return events.map((e) => ({ ...e, data: { ...e.data, clueId } }) as ClueEvent);
}

/**
 * The clues of the usual case: CLUE_ID registered by nhc (a kickback: PHARMA briber, DOCTOR
 * bribe-taker) and transferred to samr, nhsa and ccdi; samr and nhsa acknowledged, ccdi not yet.
 * CLUE_2 registered by samr and never sent to anyone.
 */
export function caseClues(): Record<string, ClueState> {
  return {
    [CLUE_ID]: foldClue([
      ev.registered(NHC),
      ev.transferred('t1', NHC, [SAMR, NHSA, CCDI]),
      ev.acknowledged('t1', SAMR),
      ev.acknowledged('t1', NHSA),
      ev.opened(SAMR),
    ]),
    [CLUE_2]: foldClue(asClue(CLUE_2, [ev.registered(SAMR)])),
  };
}

export const caseEv = {
  opened: (lead = NHC, clueIds: string[] = [CLUE_ID], title = '某医院心内科主任收受回扣案'): CaseEvent => ({
    type: 'CaseOpened',
    data: { caseId: CASE_ID, lead, title, basis: CASE_BASIS, clueIds },
  }),
  attached: (clueId: string, by: string): CaseEvent => ({ type: 'ClueAttachedToCase', data: { caseId: CASE_ID, clueId, by } }),
  trackOpened: (department: string, via: TrackOpenedVia = 'acknowledged-transfer', clueId = CLUE_ID, causationEventId = ACK_SAMR_EVENT): CaseEvent => ({
    type: 'TrackOpened',
    data: { caseId: CASE_ID, department, via, clueId, causationEventId },
  }),
  trackConcluded: (department: string, outcome: CaseTrackOutcome = 'substantiated', summary = '经查属实'): CaseEvent => ({
    type: 'TrackConcluded',
    data: { caseId: CASE_ID, department, outcome, summary },
  }),
  concluded: (by = NHC, summary?: string): CaseEvent => ({ type: 'CaseConcluded', data: { caseId: CASE_ID, by, ...(summary !== undefined ? { summary } : {}) } }),
  linked: (briber: string, bribeTaker: string, by = NHC): CaseEvent => ({ type: 'BriberyPairLinked', data: { caseId: CASE_ID, briber, bribeTaker, by } }),
  flagged: (briber: string, bribeTaker: string, over: Partial<FlagData> = {}): CaseEvent => ({
    type: 'OneSidedBriberyFlagged',
    data: { caseId: CASE_ID, ...flagData(briber, bribeTaker), ...over },
  }),
};

type FlagData = Extract<CaseCommand, { type: 'FlagOneSidedBribery' }>['data'];
export const FINDING_EVENT = '01937a8e-0000-7000-8000-00000000f001';
export function flagData(briber: string, bribeTaker: string): FlagData {
  return {
    briber,
    bribeTaker,
    substantiatedSide: 'briber',
    findingEventIds: [FINDING_EVENT],
    clueIds: [CLUE_ID],
    windowWorkingDays: 20,
    windowEndedAt: '2026-12-29T02:00:00.000Z',
    recipient: CCDI,
    policyVersion: '2026-12-02.1',
  };
}

export const caseCmd = {
  open: (clueIds: string[] = [CLUE_ID], over: Partial<{ title: string; basis: string; caseId: string }> = {}): CaseCommand => ({
    type: 'OpenCase',
    data: { caseId: CASE_ID, title: '某医院心内科主任收受回扣案', basis: CASE_BASIS, clueIds, ...over },
  }),
  attach: (clueId: string): CaseCommand => ({ type: 'AttachClue', data: { clueId } }),
  openTrack: (via: TrackOpenedVia = 'acknowledged-transfer', clueId = CLUE_ID, causationEventId = ACK_SAMR_EVENT): CaseCommand => ({
    type: 'OpenTrack',
    data: { via, clueId, causationEventId },
  }),
  concludeTrack: (outcome: CaseTrackOutcome = 'substantiated', summary = '经查属实'): CaseCommand => ({ type: 'ConcludeTrack', data: { outcome, summary } }),
  conclude: (summary?: string): CaseCommand => ({ type: 'ConcludeCase', data: { ...(summary !== undefined ? { summary } : {}) } }),
  link: (briber: string, bribeTaker: string): CaseCommand => ({ type: 'LinkBriberyPair', data: { briber, bribeTaker } }),
  flag: (briber: string, bribeTaker: string, over: Partial<FlagData> = {}): CaseCommand => ({ type: 'FlagOneSidedBribery', data: { ...flagData(briber, bribeTaker), ...over } }),
};

/**
 * given(case events).when(command, actor).then(events) / .thenThrows(code, {field, kind}),
 * with the clues the decision looks at (caseClues() unless told otherwise).
 */
export function caseSpecification(clues: Record<string, ClueState> = caseClues()) {
  const given = DeciderSpecification.for(caseDecider);
  return (...events: CaseEvent[]) => ({
    when: (command: CaseCommand, actor: string) => given(events).when(command, { actor, clues }),
  });
}
