/**
 * Stable refusal codes of the Subject aggregate (联合惩戒). Mapped to HTTP like the Clue's:
 * kind 'not-found' → 404, 'forbidden' → 403, a refusal naming a field → 422, one about where
 * the sanction stands (no field) → 409. Never rename a value: add new ones.
 */
export const SubjectErrorCodes = {
  MEASURE_NOT_IN_CATALOGUE: 'MEASURE_NOT_IN_CATALOGUE',
  /** The measure is in the catalogue, of another department: a department imposes its own measures. */
  MEASURE_OF_ANOTHER_DEPARTMENT: 'MEASURE_OF_ANOTHER_DEPARTMENT',
  MEASURE_NOT_FOR_SUBJECT_KIND: 'MEASURE_NOT_FOR_SUBJECT_KIND',
  RATING_REQUIRED: 'RATING_REQUIRED',
  RATING_NOT_APPLICABLE: 'RATING_NOT_APPLICABLE',
  UNKNOWN_RATING_SCHEME: 'UNKNOWN_RATING_SCHEME',
  UNKNOWN_RATING_GRADE: 'UNKNOWN_RATING_GRADE',
  /** A scheme takes new ratings only in its window (the 2020 rules stop at the 2025 notice). */
  RATING_SCHEME_NOT_IN_FORCE: 'RATING_SCHEME_NOT_IN_FORCE',
  INVALID_DATE: 'INVALID_DATE',
  END_BEFORE_START: 'END_BEFORE_START',
  /** A person's name is personal data: not taken (persons are named by ID token only). */
  PERSON_NAME_NOT_ACCEPTED: 'PERSON_NAME_NOT_ACCEPTED',
  SANCTION_ALREADY_EXISTS: 'SANCTION_ALREADY_EXISTS',
  SANCTION_NOT_FOUND: 'SANCTION_NOT_FOUND',
  /** Revoked, expired or repaired already (409). */
  SANCTION_ALREADY_ENDED: 'SANCTION_ALREADY_ENDED',
  /** Only the department instance that applies a sanction ends it (403). */
  NOT_THE_SANCTIONING_DEPARTMENT: 'NOT_THE_SANCTIONING_DEPARTMENT',
  /** A record triggered by the memorandum ends with its trigger, not on its own (409). */
  TRIGGERED_RECORD_ENDS_WITH_TRIGGER: 'TRIGGERED_RECORD_ENDS_WITH_TRIGGER',
  /** Expiry before the day after the end date, or of a sanction without one (409). */
  SANCTION_NOT_DUE_TO_EXPIRE: 'SANCTION_NOT_DUE_TO_EXPIRE',
  UNKNOWN_COMMAND: 'UNKNOWN_COMMAND',
} as const;

export type SubjectErrorCode = (typeof SubjectErrorCodes)[keyof typeof SubjectErrorCodes];
