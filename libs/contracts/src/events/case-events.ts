import type { DomainEventsOf } from '../envelope';

/**
 * 一案多查 — one case, many investigations — as immutable facts, past tense. A case groups
 * clues (by id) under a lead unit (牵头单位) and has one investigation track per department;
 * it is concluded only when every track is. Each event's `data` is plain typed JSON; the
 * envelope (department, actor, time, causation) is in EventMetadata, as for clue events.
 * `schemaVersion` of each type is in CASE_EVENT_VERSIONS.
 *
 * No personal data in clear: a case names its clues by id and subjects by reference
 * (SubjectRef: a USCC, a resident-ID token, or a clue-relative position), never by name.
 * No field is called `to` or `recipient`, and none is an answer's `by`: case events are
 * addressed to no department topic (docs/adr/0004) and travel on `cluebus.events` only —
 * except OneSidedBriberyFlagged, whose `recipient` (纪检监察 ccdi) it is handed to.
 */

/** How a department's investigation of the case ended (结论): 属实 / 部分属实 / 不属实 / 移送. */
export const CASE_TRACK_OUTCOMES = ['substantiated', 'partly-substantiated', 'unsubstantiated', 'handed-over'] as const;
export type CaseTrackOutcome = (typeof CASE_TRACK_OUTCOMES)[number];

/** What opened a department's track: it acknowledged (签收) a transfer of a clue of the case, or opened an investigation on one. */
export const TRACK_OPENED_VIA = ['acknowledged-transfer', 'investigation'] as const;
export type TrackOpenedVia = (typeof TRACK_OPENED_VIA)[number];

/**
 * A subject of one of the case's clues, without its name:
 * - `idt1:<hex>` — the keyed token of a 居民身份证号 (the same person in two clues has the same one);
 * - `uscc:<统一社会信用代码>` — an enterprise or institution;
 * - `subject:<clueId>/<index>` — a subject with neither, by its place in the clue's ClueRegistered.
 */
export type SubjectRef = string;

/** The three shapes of a SubjectRef (checked by the DTOs; computed in the domain, subject-refs.ts). */
export const SUBJECT_REF_PATTERN = /^(idt\d+:[0-9a-f]{64}|uscc:[0-9A-HJ-NPQRTUWXY]{18}|subject:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/\d{1,3})$/;

export interface CaseOpened {
  caseId: string;
  /** The department instance that opened the case: its lead unit (牵头单位). */
  lead: string;
  title: string;
  basis: string;
  clueIds: string[];
}

export interface ClueAttachedToCase {
  caseId: string;
  clueId: string;
  by: string;
}

/** A department's investigation track opened (one per department instance, at most). */
export interface TrackOpened {
  caseId: string;
  /** The department instance whose track this is, `code:region`. */
  department: string;
  via: TrackOpenedVia;
  /** The clue through which it engaged. */
  clueId: string;
  /** The clue event that opened the track (its TransferAcknowledged or InvestigationOpened). */
  causationEventId: string;
}

export interface TrackConcluded {
  caseId: string;
  department: string;
  outcome: CaseTrackOutcome;
  summary: string;
}

export interface CaseConcluded {
  caseId: string;
  by: string;
  summary?: string;
}

/** 行贿受贿一起查: a briber and a bribe-taker linked by hand (pairs named by the clues' subject roles are derived, not recorded). */
export interface BriberyPairLinked {
  caseId: string;
  briber: SubjectRef;
  bribeTaker: SubjectRef;
  by: string;
}

/** Which side of a bribery pair a one-sided flag found substantiated. */
export const BRIBERY_SIDES = ['briber', 'bribe-taker'] as const;
export type BriberySide = (typeof BRIBERY_SIDES)[number];

/**
 * 行贿受贿一起查: one side of a bribery pair has a substantiated finding and, when the policy's
 * window (working days from the finding) ended, no department pursued the other side (no
 * investigation of it, no track through a clue naming it). Recorded once per pair by the
 * one-sided-bribery processor and handed to ccdi (`recipient`, the lead's region) as a notice
 * in its inbox, citing the finding events.
 */
export interface OneSidedBriberyFlagged {
  caseId: string;
  briber: SubjectRef;
  bribeTaker: SubjectRef;
  substantiatedSide: BriberySide;
  /** The substantiated FindingRecorded events (ids) against that side: the evidence. */
  findingEventIds: string[];
  /** The clues those findings are on. */
  clueIds: string[];
  /** The window, in working days, and when it ended (ISO-8601). */
  windowWorkingDays: number;
  windowEndedAt: string;
  /** The ccdi instance the matter is handed to. */
  recipient: string;
  /** The routing-policy version whose window applied. */
  policyVersion: string;
}

export interface CaseEventDataByType {
  CaseOpened: CaseOpened;
  ClueAttachedToCase: ClueAttachedToCase;
  TrackOpened: TrackOpened;
  TrackConcluded: TrackConcluded;
  CaseConcluded: CaseConcluded;
  BriberyPairLinked: BriberyPairLinked;
  OneSidedBriberyFlagged: OneSidedBriberyFlagged;
}

export type CaseEventType = keyof CaseEventDataByType;

/** A case event as the domain sees it: type + data (the envelope is added by the application). */
export type CaseEvent = DomainEventsOf<CaseEventDataByType>;

export const CASE_EVENT_VERSIONS: Record<CaseEventType, number> = {
  CaseOpened: 1,
  ClueAttachedToCase: 1,
  TrackOpened: 1,
  TrackConcluded: 1,
  CaseConcluded: 1,
  BriberyPairLinked: 1,
  OneSidedBriberyFlagged: 1,
};

export const CASE_EVENT_TYPES = Object.keys(CASE_EVENT_VERSIONS) as CaseEventType[];

export const caseStreamId = (caseId: string): string => `case-${caseId}`;
