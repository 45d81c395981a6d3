/** A refusal from the cluebus API: `code` is stable and machine-readable, `field` names what to fix. */
export class CluebusApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(`${status} ${code}${field ? ` (${field})` : ''}: ${message}`);
    this.name = 'CluebusApiError';
  }
}
