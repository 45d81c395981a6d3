/** A field named in a validation failure, with class-validator's (English) message. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * The one error body the API returns: RFC 9457 problem details (`application/problem+json`).
 * `type`, `code` and `field` are the same in every language; `title` and `detail` follow
 * Accept-Language (zh-CN by default, English for `en*`). Extension members (e.g. `openTracks`
 * of CASE_TRACKS_OPEN) may follow.
 */
export interface ProblemDetails {
  /** `urn:cluebus:problem:<CODE>` */
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request's path. */
  instance: string;
  code: string;
  field?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_JSON = 'application/problem+json';
export const PROBLEM_TYPE_PREFIX = 'urn:cluebus:problem:';

/**
 * A refusal before it is put into words for a caller: status, code, the English detail (the
 * domain's own message), the field, and extension members. The filter turns it into problem
 * details in the caller's language.
 */
export interface ApiRefusal {
  status: number;
  code: string;
  /** English; the zh-CN detail comes from the catalogue. */
  detail: string;
  field?: string;
  errors?: FieldError[];
  extensions?: Record<string, unknown>;
}
