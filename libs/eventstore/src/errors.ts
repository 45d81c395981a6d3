/** The stream was not at the version the writer expected: somebody else wrote first. */
export class WrongExpectedVersionError extends Error {
  readonly code = 'WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: string | number,
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected version ${expected}, actual ${actual < 0 ? 'no stream' : actual}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** An event id is already stored, but not as this exact append (different stream, place or order). */
export class EventIdConflictError extends Error {
  readonly code = 'EVENT_ID_CONFLICT';
  constructor(readonly eventId: string, detail: string) {
    super(`event ${eventId}: ${detail}`);
    this.name = 'EventIdConflictError';
  }
}
