/**
 * Exit codes scripts can rely on (README "CLI"): 0 all well; 1 a failure found (verify) or an
 * operational error (database, HTTP, broker); 2 the command line itself was wrong.
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A verification or check that ran and found a problem: exit 1 after its report was printed. */
export class FailureFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FailureFound';
  }
}
