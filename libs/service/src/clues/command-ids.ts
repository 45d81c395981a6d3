import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';

/** Namespace for ids derived from an Idempotency-Key (fixed forever: changing it breaks replays). */
const NAMESPACE = '7c1e5f7a-1d2b-4c3e-9a5f-6b7c8d9e0f10';

/**
 * Ids of one command: UUID v7 (time-ordered) normally. With an `Idempotency-Key` they are
 * derived from (department instance, key), so a repeated request produces the very same
 * clue id, command id and event ids, and the store's idempotent append turns the repeat into
 * a no-op — even when both copies race. See docs/adr/0003.
 */
export class CommandIds {
  readonly commandId: string;

  constructor(
    private readonly instance: string,
    readonly idempotencyKey?: string,
  ) {
    this.commandId = idempotencyKey ? uuidv5(`${instance}\n${idempotencyKey}\ncommand`, NAMESPACE) : uuidv7();
  }

  /** Id of the clue a RegisterClue creates. */
  newClueId(): string {
    return this.idempotencyKey ? uuidv5(`${this.instance}\n${this.idempotencyKey}\nclue`, NAMESPACE) : uuidv7();
  }

  /** Id of a transfer the command creates. */
  newTransferId(): string {
    return this.idempotencyKey ? uuidv5(`${this.commandId}\ntransfer`, NAMESPACE) : uuidv7();
  }

  eventId(index: number): string {
    return this.idempotencyKey ? uuidv5(`${this.commandId}\nevent\n${index}`, NAMESPACE) : uuidv7();
  }
}
