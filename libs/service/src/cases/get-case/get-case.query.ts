import type { Principal } from '../../auth/principal';

/** A case as the caller may see it (now or as of a time): its lead, the departments with a track or a clue of it, investigators. */
export class GetCaseQuery {
  constructor(
    readonly principal: Principal,
    readonly caseId: string,
    /** The case as it stood then: the case's and its clues' events recorded at or before it. */
    readonly asOf?: Date,
  ) {}
}
