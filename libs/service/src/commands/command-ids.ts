import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';

/** Namespace for ids derived from an Idempotency-Key (fixed forever: changing it breaks replays). */
const NAMESPACE = '7c1e5f7a-1d2b-4c3e-9a5f-6b7c8d9e0f10';

/**
 * Ids of one command: UUID v7 (time-ordered) normally. With an `Idempotency-Key` they are
 * derived from (department instance, key), so a repeated request produces the very same
 * command id, event ids and ids of whatever the command creates, and the store's idempotent
 * append turns the repeat into a no-op — even when both copies race. See docs/adr/0003.
 *
 * The derivation strings are part of the stored history (a retry after an upgrade must derive
 * the ids of the first attempt): never change them. `command-ids.unit.spec.ts` pins them.
 */
export class CommandIds {
  readonly commandId: string;

  constructor(
    private readonly instance: string,
    readonly idempotencyKey?: string,
  ) {
    this.commandId = idempotencyKey ? this.derive(`${instance}\n${idempotencyKey}\ncommand`) : uuidv7();
  }

  /**
   * Id of the aggregate a creating command starts, e.g. kind `clue` for the clue a RegisterClue
   * registers. Derived from (instance, key, kind) so the repeat addresses the same stream.
   */
  aggregateId(kind: string): string {
    // `command` is the command id's own derivation: an aggregate of that kind would share its id.
    if (kind === 'command') throw new RangeError('aggregate kind "command" is reserved for the command id');
    return this.idempotencyKey ? this.derive(`${this.instance}\n${this.idempotencyKey}\n${kind}`) : uuidv7();
  }

  /** Id of something the command creates inside its aggregate, e.g. kind `transfer` for a TransferClue's transfer. */
  childId(kind: string): string {
    return this.idempotencyKey ? this.derive(`${this.commandId}\n${kind}`) : uuidv7();
  }

  /** Id of the command's `index`-th event (0-based, in the order decide returned them). */
  eventId(index: number): string {
    return this.idempotencyKey ? this.derive(`${this.commandId}\nevent\n${index}`) : uuidv7();
  }

  private derive(name: string): string {
    return uuidv5(name, NAMESPACE);
  }
}
