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

/**
 * An inline append on a store whose positions a sealer assigns (docs/adr/0009): refused, as it
 * would not see the appends still queued for the sealer. Every process of one store must use the
 * same CLUEBUS_SEALING; to go back to inline, stop the sealer processes and switch the store
 * (SqlEventStore.switchSealing) once its queue is empty.
 */
export class SealingModeError extends Error {
  readonly code = 'SEALING_MODE_MISMATCH';
  constructor() {
    super(`this store's positions are assigned by a sealer (CLUEBUS_SEALING=sealer, docs/adr/0009): an inline append is refused; open the store with sealing 'sealer'`);
    this.name = 'SealingModeError';
  }
}
