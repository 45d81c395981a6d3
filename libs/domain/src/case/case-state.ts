import type { BriberySide, CaseEvent, CaseTrackOutcome, SubjectRef, TrackOpenedVia } from '@cluebus/contracts';
import { canSee, type ClueState } from '../clue/clue-state';

export type CaseStatus = 'open' | 'concluded';

/** A department's track (一案多查: one investigation per department): 进行中 / 已办结. */
export type CaseTrackStatus = 'open' | 'concluded';

export interface CaseTrack {
  /** Department instance `code:region`. */
  readonly department: string;
  /** 0-based order in which the tracks opened. */
  readonly seq: number;
  readonly status: CaseTrackStatus;
  readonly via: TrackOpenedVia;
  readonly clueId: string;
  readonly causationEventId: string;
  readonly outcome?: CaseTrackOutcome;
  readonly summary?: string;
}

export interface LinkedBriberyPair {
  readonly briber: SubjectRef;
  readonly bribeTaker: SubjectRef;
  readonly by: string;
}

/** A pair flagged one-sided (OneSidedBriberyFlagged): recorded once, handed to `recipient` (ccdi). */
export interface OneSidedFlag {
  readonly briber: SubjectRef;
  readonly bribeTaker: SubjectRef;
  readonly substantiatedSide: BriberySide;
  readonly findingEventIds: readonly string[];
  readonly recipient: string;
  readonly windowEndedAt: string;
}

/** What the Case aggregate knows to decide. Plain JSON; independent of stream version. */
export interface CaseState {
  readonly exists: boolean;
  readonly caseId: string;
  /** The lead unit (牵头单位): the department instance that opened the case. */
  readonly lead: string;
  readonly title: string;
  readonly basis: string;
  readonly status: CaseStatus;
  /** In the order attached (the opening's clues first). */
  readonly clueIds: readonly string[];
  /** By department instance. */
  readonly tracks: Readonly<Record<string, CaseTrack>>;
  /** Pairs linked by hand, in order (derived pairs are computed from the clues: subject-refs.ts). */
  readonly linkedPairs: readonly LinkedBriberyPair[];
  /** Pairs flagged one-sided, in order (行贿受贿一起查). */
  readonly flags: readonly OneSidedFlag[];
  readonly conclusion?: { readonly by: string; readonly summary?: string };
}

export function initialCaseState(): CaseState {
  return { exists: false, caseId: '', lead: '', title: '', basis: '', status: 'open', clueIds: [], tracks: {}, linkedPairs: [], flags: [] };
}

/**
 * Folds one event into the state. Pure, never mutates; like evolveClue it does not re-check
 * rules, and an event about something the state does not know leaves it unchanged.
 */
export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'CaseOpened': {
      if (state.exists) return state;
      const d = event.data;
      return { ...initialCaseState(), exists: true, caseId: d.caseId, lead: d.lead, title: d.title, basis: d.basis, clueIds: [...d.clueIds] };
    }

    case 'ClueAttachedToCase':
      return state.clueIds.includes(event.data.clueId) ? state : { ...state, clueIds: [...state.clueIds, event.data.clueId] };

    case 'TrackOpened': {
      const d = event.data;
      if (state.tracks[d.department]) return state;
      const track: CaseTrack = {
        department: d.department,
        seq: Object.keys(state.tracks).length,
        status: 'open',
        via: d.via,
        clueId: d.clueId,
        causationEventId: d.causationEventId,
      };
      return { ...state, tracks: { ...state.tracks, [d.department]: track } };
    }

    case 'TrackConcluded': {
      const d = event.data;
      const track = state.tracks[d.department];
      if (!track || track.status === 'concluded') return state;
      return { ...state, tracks: { ...state.tracks, [d.department]: { ...track, status: 'concluded', outcome: d.outcome, summary: d.summary } } };
    }

    case 'CaseConcluded': {
      const d = event.data;
      if (state.status === 'concluded') return state;
      return { ...state, status: 'concluded', conclusion: { by: d.by, ...(d.summary !== undefined ? { summary: d.summary } : {}) } };
    }

    case 'BriberyPairLinked': {
      const d = event.data;
      return { ...state, linkedPairs: [...state.linkedPairs, { briber: d.briber, bribeTaker: d.bribeTaker, by: d.by }] };
    }

    case 'OneSidedBriberyFlagged': {
      const d = event.data;
      if (state.flags.some((f) => f.briber === d.briber && f.bribeTaker === d.bribeTaker)) return state;
      const flag: OneSidedFlag = {
        briber: d.briber,
        bribeTaker: d.bribeTaker,
        substantiatedSide: d.substantiatedSide,
        findingEventIds: [...d.findingEventIds],
        recipient: d.recipient,
        windowEndedAt: d.windowEndedAt,
      };
      return { ...state, flags: [...state.flags, flag] };
    }

    default: {
      // A newer event type this code does not know yet: ignore it (forward compatible replay).
      const unknown: never = event;
      void unknown;
      return state;
    }
  }
}

/**
 * events.reduce(evolveCase, from), in linear time. Attachments are most of a large case's stream,
 * and evolveCase copies and searches the clue list for each (a case of 2,000 clues: ~4 million
 * steps, a third of its timeline read). Here a run of attachments extends one list with a set
 * beside it; any other event is folded by evolveCase as is, so the meaning stays in one place.
 */
export function foldCase(events: readonly CaseEvent[], from: CaseState = initialCaseState()): CaseState {
  let state = from;
  let extended: string[] | undefined; // state.clueIds plus the run's new attachments
  let attached: Set<string> | undefined; // the ids in (extended ?? state.clueIds)
  for (const event of events) {
    if (event.type === 'ClueAttachedToCase' && state.exists) {
      attached ??= new Set(state.clueIds);
      if (!attached.has(event.data.clueId)) {
        attached.add(event.data.clueId);
        (extended ??= [...state.clueIds]).push(event.data.clueId);
      }
      continue;
    }
    if (extended) [state, extended] = [{ ...state, clueIds: extended }, undefined];
    const next = evolveCase(state, event);
    if (next.clueIds !== state.clueIds) attached = undefined;
    state = next;
  }
  return extended ? { ...state, clueIds: extended } : state;
}

// ---------------------------------------------------------------------------------------------
// Pure queries
// ---------------------------------------------------------------------------------------------

/** Tracks in the order they opened. */
export function allTracks(state: CaseState): CaseTrack[] {
  return Object.values(state.tracks).sort((a, b) => a.seq - b.seq);
}

/** Department instances whose tracks are still open, in the order they opened. */
export function openTracks(state: CaseState): string[] {
  return allTracks(state)
    .filter((t) => t.status === 'open')
    .map((t) => t.department);
}

/** The lead, or a department with a track: who may act on the case (attach clues, link pairs). */
export function isCaseParticipant(state: CaseState, instance: string): boolean {
  return state.exists && (state.lead === instance || state.tracks[instance] !== undefined);
}

/**
 * Who may see a case: its lead, the departments with a track, those a one-sided flag was handed to, and every department that sees
 * one of its clues (the clue's registrar and the recipients of its transfers and forwards,
 * whatever their answer: the clue visibility rule). `clues` are the case's clues, folded.
 * Investigators see every case; that is the application's call, not a department's.
 */
export function canSeeCase(state: CaseState, instance: string, clues: Readonly<Record<string, ClueState>>): boolean {
  if (!state.exists) return false;
  if (isCaseParticipant(state, instance)) return true;
  // A department a one-sided flag was handed to (ccdi) must be able to open the case it names.
  if (state.flags.some((f) => f.recipient === instance)) return true;
  return state.clueIds.some((id) => {
    const clue = clues[id];
    return clue !== undefined && canSee(clue, instance);
  });
}

/** A department engaged with a clue: acknowledged a transfer or forward of it (签收), or opened an investigation on it. */
export function engagedWithClue(clue: ClueState | undefined, instance: string, via: TrackOpenedVia): boolean {
  if (!clue?.exists) return false;
  if (via === 'investigation') return clue.tracks[instance] !== undefined;
  return Object.values(clue.transfers).some((t) => t.recipients[instance]?.status === 'acknowledged');
}

/**
 * Departments engaged with a clue of the case (an acknowledged transfer or forward, an
 * investigation) whose track is not recorded yet: the case-track processor is about to open
 * it. In the order of the case's clues, then of the clue's history as folded.
 */
export function tracksAboutToOpen(state: CaseState, clues: Readonly<Record<string, ClueState>>): string[] {
  const found: string[] = [];
  const add = (instance: string) => {
    if (!state.tracks[instance] && !found.includes(instance)) found.push(instance);
  };
  for (const clueId of state.clueIds) {
    const clue = clues[clueId];
    if (!clue?.exists) continue;
    for (const t of Object.values(clue.transfers).sort((a, b) => a.seq - b.seq)) {
      for (const [instance, r] of Object.entries(t.recipients)) if (r.status === 'acknowledged') add(instance);
    }
    for (const instance of Object.keys(clue.tracks)) add(instance);
  }
  return found;
}
