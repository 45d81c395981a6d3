import { DomainError } from '../domain-error';

/**
 * Stable, machine-readable refusal codes of the Case aggregate (一案多查). The HTTP layer maps
 * them like the Clue's (libs/service/src/http/error.filter.ts): kind 'not-found' → 404,
 * 'forbidden' → 403, a refusal naming a request field → 422, a refusal about where the case
 * stands (no field) → 409. Never rename a value: add new ones instead. Codes shared with the
 * Clue (INVALID_ACTOR, BASIS_REQUIRED, SUMMARY_REQUIRED) keep their ClueErrorCodes value.
 */
export const CaseErrorCodes = {
  /** The case does not exist, or the actor may not know it does. kind 'not-found'. */
  CASE_NOT_FOUND: 'CASE_NOT_FOUND',
  /** A creating command found the stream already there (409). */
  CASE_ALREADY_EXISTS: 'CASE_ALREADY_EXISTS',
  /** The case is concluded: nothing is attached, opened, concluded or linked any more (409). */
  CASE_ALREADY_CONCLUDED: 'CASE_ALREADY_CONCLUDED',

  // Opening and attaching clues
  TITLE_REQUIRED: 'TITLE_REQUIRED',
  CLUES_REQUIRED: 'CLUES_REQUIRED',
  CLUE_LISTED_TWICE: 'CLUE_LISTED_TWICE',
  /** A named clue does not exist or is not visible to the actor (field: the clue's place in the request; 422). */
  CLUE_NOT_FOUND: 'CLUE_NOT_FOUND',
  CLUE_ALREADY_ATTACHED: 'CLUE_ALREADY_ATTACHED',
  /** Only the lead and departments with a track act on a case they can see (409). */
  NOT_A_CASE_PARTICIPANT: 'NOT_A_CASE_PARTICIPANT',

  // Tracks (one per department)
  INVALID_TRACK_VIA: 'INVALID_TRACK_VIA',
  CLUE_NOT_IN_CASE: 'CLUE_NOT_IN_CASE',
  NO_ENGAGEMENT_WITH_CLUE: 'NO_ENGAGEMENT_WITH_CLUE',
  TRACK_ALREADY_OPEN: 'TRACK_ALREADY_OPEN',
  ONLY_TRACK_HOLDER_MAY_CONCLUDE_TRACK: 'ONLY_TRACK_HOLDER_MAY_CONCLUDE_TRACK',
  TRACK_ALREADY_CONCLUDED: 'TRACK_ALREADY_CONCLUDED',
  INVALID_OUTCOME: 'INVALID_OUTCOME',

  // Concluding the case
  ONLY_LEAD_MAY_CONCLUDE: 'ONLY_LEAD_MAY_CONCLUDE',
  /** Tracks are still open; the error (CaseTracksOpenError) names them in `openTracks` (409). */
  CASE_TRACKS_OPEN: 'CASE_TRACKS_OPEN',

  // Bribery pairs (行贿受贿一起查)
  BRIBERY_PAIR_SAME_SUBJECT: 'BRIBERY_PAIR_SAME_SUBJECT',
  SUBJECT_NOT_IN_CASE: 'SUBJECT_NOT_IN_CASE',
  BRIBERY_PAIR_ALREADY_LINKED: 'BRIBERY_PAIR_ALREADY_LINKED',
  /** A one-sided flag names a pair that is not one of the case's (derived or linked). */
  BRIBERY_PAIR_NOT_IN_CASE: 'BRIBERY_PAIR_NOT_IN_CASE',
  /** The pair is already flagged one-sided (409): recorded once. */
  ONE_SIDED_ALREADY_FLAGGED: 'ONE_SIDED_ALREADY_FLAGGED',
  /** A one-sided matter is handed to ccdi (纪检监察) and cites the findings: field named. */
  FLAG_RECIPIENT_MUST_BE_CCDI: 'FLAG_RECIPIENT_MUST_BE_CCDI',
  FLAG_EVIDENCE_REQUIRED: 'FLAG_EVIDENCE_REQUIRED',

  /** The command type is not one the Case aggregate knows. */
  UNKNOWN_COMMAND: 'UNKNOWN_COMMAND',
} as const;

export type CaseErrorCode = (typeof CaseErrorCodes)[keyof typeof CaseErrorCodes];

/** CASE_TRACKS_OPEN with the department instances whose tracks are open, so the lead knows whom to press. */
export class CaseTracksOpenError extends DomainError {
  constructor(readonly openTracks: readonly string[]) {
    super(CaseErrorCodes.CASE_TRACKS_OPEN, `the case cannot be concluded while tracks are open: ${openTracks.join(', ')}`);
    this.name = 'CaseTracksOpenError';
  }
}
