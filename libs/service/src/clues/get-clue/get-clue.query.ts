import type { Principal } from '../../auth/principal';

/** The clue's current state (or as of a moment), as the caller may see it. */
export class GetClueQuery {
  constructor(
    readonly principal: Principal,
    readonly clueId: string,
    readonly asOf?: Date,
  ) {}
}
