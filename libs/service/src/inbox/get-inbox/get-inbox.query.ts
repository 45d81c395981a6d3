import type { Principal } from '../../auth/principal';

/** 台账 of transfers received by the caller's department instance. */
export class GetInboxQuery {
  constructor(
    readonly principal: Principal,
    readonly status?: string,
  ) {}
}
