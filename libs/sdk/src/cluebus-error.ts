/** The API's error body: RFC 9457 problem details with the cluebus members (`code`, `field`, `errors`). */
export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  code?: string;
  field?: string;
  errors?: Array<{ field: string; message: string }>;
  [extension: string]: unknown;
}

/**
 * A refusal from the cluebus API: `code` is stable and machine-readable (switch on it, not on
 * `title` or `detail`, which follow Accept-Language), `field` names what to fix, `errors` lists
 * every failing field of a VALIDATION_FAILED.
 */
export class CluebusApiError extends Error {
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly field?: string;
  readonly errors?: Array<{ field: string; message: string }>;
  readonly type?: string;
  readonly instance?: string;
  /** The whole body, extension members included (e.g. `openTracks` of CASE_TRACKS_OPEN). */
  readonly problem: ProblemBody;

  constructor(
    readonly status: number,
    problem: ProblemBody = {},
  ) {
    const code = problem.code ?? `HTTP_${status}`;
    const title = problem.title ?? `HTTP ${status}`;
    const detail = problem.detail ?? title;
    super(`${status} ${code}${problem.field ? ` (${problem.field})` : ''}: ${detail}`);
    this.name = 'CluebusApiError';
    this.code = code;
    this.title = title;
    this.detail = detail;
    this.problem = problem;
    if (problem.field !== undefined) this.field = problem.field;
    if (problem.errors !== undefined) this.errors = problem.errors;
    if (problem.type !== undefined) this.type = problem.type;
    if (problem.instance !== undefined) this.instance = problem.instance;
  }
}
