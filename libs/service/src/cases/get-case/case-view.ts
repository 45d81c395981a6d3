import type { CaseTrackOutcome, TrackOpenedVia } from '@cluebus/contracts';
import {
  allTracks,
  briberyPairs,
  canSee,
  caseSubjects,
  openTracks,
  type BriberyPair,
  type CaseState,
  type CaseStatus,
  type CaseSubject,
  type CaseTrackStatus,
  type ClueState,
  type OneSidedFlag,
} from '@cluebus/domain';
import type { Principal } from '../../auth/principal';

export interface CaseTrackView {
  department: string;
  status: CaseTrackStatus;
  outcome?: CaseTrackOutcome;
  summary?: string;
  via: TrackOpenedVia;
  clueId: string;
}

/** GET /v1/cases/:id: the case as its viewer may see it. No names: subjects by reference only. */
export interface CaseView {
  caseId: string;
  lead: string;
  title: string;
  basis: string;
  status: CaseStatus;
  /** Clue ids, in the order they joined the case. */
  clues: string[];
  tracks: CaseTrackView[];
  /** Departments whose tracks are still open (what blocks 结案). */
  openTracks: string[];
  /** Subjects of the clues the viewer sees (references, kinds, roles): what a bribery pair is linked with. */
  subjects: CaseSubject[];
  /** Derived from the clues the viewer sees (briber × bribe-taker within a clue), and every pair linked by hand. */
  briberyPairs: BriberyPair[];
  /** Warnings on the case: pairs flagged one-sided (行贿受贿一起查) and handed to ccdi, in the order flagged. */
  flags: CaseFlagView[];
  conclusion?: { by: string; summary?: string };
  /** Stream position of the case's last event. */
  version: number;
}

/** OneSidedBriberyFlagged as the case shows it: which pair, which side was found against, on what evidence, handed to whom. */
export interface CaseFlagView {
  kind: 'one-sided-bribery';
  briber: string;
  bribeTaker: string;
  substantiatedSide: OneSidedFlag['substantiatedSide'];
  findingEventIds: string[];
  recipient: string;
  windowEndedAt: string;
}

/** A row of GET /v1/cases. */
export interface CaseSummary {
  caseId: string;
  lead: string;
  title: string;
  status: CaseStatus;
  clues: number;
  tracks: Array<Pick<CaseTrackView, 'department' | 'status' | 'outcome'>>;
  openTracks: string[];
}

/**
 * Pairs and subjects come only from clues the viewer may see (investigators: all), so a case does
 * not widen what a department learns of a clue it was never sent; pairs linked by hand were put
 * on the case for its participants and are always shown.
 */
export function caseView(state: CaseState, clues: Readonly<Record<string, ClueState>>, viewer: Principal, version: number): CaseView {
  const visible = Object.fromEntries(Object.entries(clues).filter(([, clue]) => viewer.role === 'investigator' || canSee(clue, viewer.instance)));
  return {
    caseId: state.caseId,
    lead: state.lead,
    title: state.title,
    basis: state.basis,
    status: state.status,
    clues: [...state.clueIds],
    tracks: allTracks(state).map((t) => ({
      department: t.department,
      status: t.status,
      ...(t.outcome !== undefined ? { outcome: t.outcome } : {}),
      ...(t.summary !== undefined ? { summary: t.summary } : {}),
      via: t.via,
      clueId: t.clueId,
    })),
    openTracks: openTracks(state),
    subjects: caseSubjects(state.clueIds, visible),
    briberyPairs: briberyPairs(state, visible),
    flags: state.flags.map((f) => ({ kind: 'one-sided-bribery', ...f, findingEventIds: [...f.findingEventIds] })),
    ...(state.conclusion ? { conclusion: { ...state.conclusion } } : {}),
    version,
  };
}

export function caseSummary(state: CaseState): CaseSummary {
  return {
    caseId: state.caseId,
    lead: state.lead,
    title: state.title,
    status: state.status,
    clues: state.clueIds.length,
    tracks: allTracks(state).map((t) => ({ department: t.department, status: t.status, ...(t.outcome !== undefined ? { outcome: t.outcome } : {}) })),
    openTracks: openTracks(state),
  };
}
