import type { Principal } from '../../auth/principal';

/** Which departments the routing policy proposes (and requires) for this clue, from the caller. */
export class SuggestRecipientsQuery {
  constructor(
    readonly principal: Principal,
    readonly clueId: string,
  ) {}
}
