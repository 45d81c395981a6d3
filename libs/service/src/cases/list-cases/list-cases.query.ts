import type { Principal } from '../../auth/principal';

/** The cases the caller may see (investigators: every case), in the order it came to see them. */
export class ListCasesQuery {
  constructor(readonly principal: Principal) {}
}
