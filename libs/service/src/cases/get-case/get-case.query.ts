import type { Principal } from '../../auth/principal';

/** A case as the caller may see it: its lead, the departments with a track or a clue of it, investigators. */
export class GetCaseQuery {
  constructor(
    readonly principal: Principal,
    readonly caseId: string,
  ) {}
}
