import type { BriberySide, ClueEvent, FindingResult, SubjectRef } from '@cluebus/contracts';
import type { DeadlineCalendar } from '../deadlines/deadline-calendar';
import type { ClueState } from '../clue/clue-state';
import { clueSubjectRefs } from '../clue/rules/subject-scope-rules';
import { briberyPairs, type BriberyPair } from './subject-refs';
import type { CaseState } from './case-state';

/** Findings that count as found against a side: 属实 and 部分属实 both establish wrongdoing. */
export const SUBSTANTIATING_RESULTS: readonly FindingResult[] = ['substantiated', 'partly-substantiated'];

/** A clue event with what the check needs from its envelope: its id (the evidence cited) and time. */
export interface TimedClueEvent {
  readonly eventId: string;
  readonly occurredAt: Date;
  readonly event: ClueEvent;
}

/** A substantiated finding against some subjects of one clue. */
export interface FindingAgainst {
  readonly eventId: string;
  readonly clueId: string;
  readonly at: Date;
  readonly against: readonly SubjectRef[];
}

/** A department's investigation (or finding, which implies one) of some subjects of one clue: that side is pursued. */
export interface Pursuit {
  readonly clueId: string;
  readonly by: string;
  readonly at: Date;
  readonly of: readonly SubjectRef[];
}

export interface BriberyFacts {
  readonly findings: readonly FindingAgainst[];
  readonly pursuits: readonly Pursuit[];
}

/**
 * What the check reads of one clue's history: substantiated findings against whom, and who
 * pursued whom. An investigation or finding that names no subjects concerns every subject of the
 * clue (what it always meant before subjects could be named). Acknowledging a transfer (签收) is
 * receipt, not pursuit: a department pursues a side when it opens an investigation of it.
 */
export function briberyFactsOf(clue: ClueState, history: readonly TimedClueEvent[]): BriberyFacts {
  const all = clueSubjectRefs(clue);
  const findings: FindingAgainst[] = [];
  const pursuits: Pursuit[] = [];
  for (const { eventId, occurredAt, event } of history) {
    if (event.type === 'InvestigationOpened') {
      pursuits.push({ clueId: clue.clueId, by: event.data.by, at: occurredAt, of: event.data.subjects ?? all });
    } else if (event.type === 'FindingRecorded') {
      const of = event.data.subjects ?? all;
      pursuits.push({ clueId: clue.clueId, by: event.data.by, at: occurredAt, of });
      if (SUBSTANTIATING_RESULTS.includes(event.data.result)) findings.push({ eventId, clueId: clue.clueId, at: occurredAt, against: of });
    }
  }
  return { findings, pursuits };
}

/** A flag the check found due: what OneSidedBriberyFlagged records (the recipient and policy version are the caller's). */
export interface OneSidedFinding {
  readonly briber: SubjectRef;
  readonly bribeTaker: SubjectRef;
  readonly substantiatedSide: BriberySide;
  readonly findingEventIds: string[];
  readonly clueIds: string[];
  readonly windowEndedAt: Date;
}

export interface OneSidedCheck {
  /** Pairs to flag now. */
  readonly due: OneSidedFinding[];
  /** Pairs with a substantiated side whose window has not ended yet: look again later. */
  readonly waiting: number;
}

/**
 * 行贿受贿一起查, the one-sided check, pure: for each bribery pair of the case not flagged yet,
 * a side is found against when a substantiated finding names it; when the policy's window
 * (working days from the first such finding) has ended and nobody pursued the other side by
 * `now` — no investigation or finding of it on any clue of the case — the pair is due. A pair
 * found against on both sides, or whose other side is pursued, needs nothing.
 */
export function checkOneSidedBribery(input: {
  state: CaseState;
  clues: Readonly<Record<string, ClueState>>;
  facts: readonly BriberyFacts[];
  now: Date;
  windowWorkingDays: number;
  calendar: DeadlineCalendar;
}): OneSidedCheck {
  const findings = input.facts.flatMap((f) => f.findings);
  const pursuits = input.facts.flatMap((f) => f.pursuits);
  const due: OneSidedFinding[] = [];
  let waiting = 0;
  for (const pair of briberyPairs(input.state, input.clues)) {
    if (isFlagged(input.state, pair)) continue;
    const against = (ref: SubjectRef) => findings.filter((f) => f.against.includes(ref)).sort((a, b) => a.at.getTime() - b.at.getTime());
    const onBriber = against(pair.briber);
    const onTaker = against(pair.bribeTaker);
    if ((onBriber.length > 0) === (onTaker.length > 0)) continue; // neither side found against, or both: not one-sided
    const [side, found, other]: [BriberySide, FindingAgainst[], SubjectRef] =
      onBriber.length > 0 ? ['briber', onBriber, pair.bribeTaker] : ['bribe-taker', onTaker, pair.briber];
    const windowEndedAt = input.calendar.addDays(found[0].at, input.windowWorkingDays);
    if (input.now.getTime() < windowEndedAt.getTime()) {
      waiting++;
      continue;
    }
    if (pursuits.some((p) => p.of.includes(other) && p.at.getTime() <= input.now.getTime())) continue;
    due.push({
      briber: pair.briber,
      bribeTaker: pair.bribeTaker,
      substantiatedSide: side,
      findingEventIds: found.map((f) => f.eventId),
      clueIds: [...new Set(found.map((f) => f.clueId))],
      windowEndedAt,
    });
  }
  return { due, waiting };
}

export function isFlagged(state: CaseState, pair: Pick<BriberyPair, 'briber' | 'bribeTaker'>): boolean {
  return state.flags.some((f) => f.briber === pair.briber && f.bribeTaker === pair.bribeTaker);
}
