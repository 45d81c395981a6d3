import type { Principal } from '../../auth/principal';
import type { BlacklistParams } from '../shared/blacklist-params';

/** Who is listed on a day (default today), by subject, with provenance. */
export class GetBlacklistQuery {
  constructor(
    readonly principal: Principal,
    readonly params: BlacklistParams,
  ) {}
}
