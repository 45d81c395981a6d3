import type { Principal } from '../../auth/principal';

/** Every clue command carries who asks and, optionally, the client's Idempotency-Key. */
export abstract class ClueCommandBase<B> {
  constructor(
    readonly principal: Principal,
    readonly body: B,
    readonly clueId: string,
    readonly idempotencyKey?: string,
  ) {}
}
