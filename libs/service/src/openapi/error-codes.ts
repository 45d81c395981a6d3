import { ClueErrorCodes } from '@cluebus/domain';

/** Refusal codes by HTTP status, as one operation's error responses list them. */
export type ErrorCodes = Partial<Record<400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 503, readonly string[]>>;

/** Any call with an API key: a missing or unknown key, a key of the wrong role, a bad X-Actor. */
export const ERRORS_OF_A_KEY: ErrorCodes = {
  400: ['VALIDATION_FAILED'],
  401: ['UNAUTHENTICATED'],
  403: ['FORBIDDEN'],
};

/** Any request body: its shape (class-validator), and what the body reader refuses (libs/service/src/http/request-body.ts). */
export const ERRORS_OF_A_BODY: ErrorCodes = {
  400: ['VALIDATION_FAILED', 'MALFORMED_JSON', 'MALFORMED_UTF8', 'NESTING_TOO_DEEP', 'UNSUPPORTED_CHARACTER', 'BODY_LENGTH_MISMATCH', 'REQUEST_ABORTED'],
  413: ['PAYLOAD_TOO_LARGE', 'EVENT_TOO_LARGE'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'UNSUPPORTED_CHARSET', 'UNSUPPORTED_CONTENT_ENCODING'],
};

/** Any command: a concurrent writer, an Idempotency-Key reused with another request, the clue (or case) unseen. */
export const ERRORS_OF_A_COMMAND: ErrorCodes = {
  400: ['VALIDATION_FAILED'],
  409: ['CONCURRENCY_CONFLICT', 'IDEMPOTENCY_KEY_REUSED', 'EVENT_ID_CONFLICT'],
};

/** A read open to investigators: logged before it is served, refused while the access log cannot be written. */
export const ERRORS_OF_A_LOGGED_READ: ErrorCodes = { 503: ['ACCESS_LOG_UNAVAILABLE'] };

/** Reads and commands on one clue the caller may not see, or that does not exist. */
export const CLUE_NOT_FOUND: ErrorCodes = { 404: [ClueErrorCodes.CLUE_NOT_FOUND] };

/** Merges code lists status by status, each code once, in the order first named. */
export function mergeErrors(...parts: readonly ErrorCodes[]): ErrorCodes {
  const merged: Record<number, string[]> = {};
  for (const part of parts) {
    for (const [status, codes] of Object.entries(part)) {
      const list = (merged[Number(status)] ??= []);
      for (const code of codes ?? []) if (!list.includes(code)) list.push(code);
    }
  }
  return merged as ErrorCodes;
}
