import type { CaseTrackOutcome, OneSidedBriberyFlagged, SubjectRef, TrackOpenedVia } from '@cluebus/contracts';
import type { ClueState } from '../clue/clue-state';

/**
 * Commands the Case aggregate (一案多查) decides on. They arrive validated for shape
 * (class-validator DTOs); the aggregate checks the business rules. The actor of every command
 * is the department instance in the CaseDecisionContext.
 */
export type CaseCommand =
  | {
      type: 'OpenCase';
      /** The opener is the lead unit (牵头单位); caseId is chosen by the caller (derived from the Idempotency-Key). */
      data: { caseId: string; title: string; basis: string; clueIds: string[] };
    }
  | { type: 'AttachClue'; data: { clueId: string } }
  | {
      /**
       * Opens the actor's track. Issued by the case-track processor, on behalf of the department,
       * for a clue event of that department (its TransferAcknowledged or InvestigationOpened).
       */
      type: 'OpenTrack';
      data: { via: TrackOpenedVia; clueId: string; causationEventId: string };
    }
  | { type: 'ConcludeTrack'; data: { outcome: CaseTrackOutcome; summary: string } }
  | { type: 'ConcludeCase'; data: { summary?: string } }
  | { type: 'LinkBriberyPair'; data: { briber: SubjectRef; bribeTaker: SubjectRef } }
  | {
      /**
       * 行贿受贿一起查: issued by the one-sided-bribery processor, in the lead's name, for a pair
       * checkOneSidedBribery found due; the matter goes to `recipient` (ccdi of the lead's region).
       */
      type: 'FlagOneSidedBribery';
      data: Omit<OneSidedBriberyFlagged, 'caseId'>;
    };

export type CaseCommandType = CaseCommand['type'];

/**
 * Everything a Case decision depends on besides its state and the command: who acts, and the
 * clues the decision looks at (visibility, engagement, subjects), folded by the application
 * from their own streams — plain data, so decide stays pure. `clues` holds the case's clues and
 * any the command names; a clue missing from it counts as not existing.
 */
export interface CaseDecisionContext {
  /** The acting department instance `code:region`. */
  actor: string;
  clues: Readonly<Record<string, ClueState>>;
}
