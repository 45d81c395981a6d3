import type { AuditorPrincipal, DepartmentPrincipal } from '../../auth/principal';
import type { LedgerParams } from '../shared/ledger-params';

/** 台账 of the caller's department instance (sent, received or both), or every department's for the lead unit (scope=all). */
export class GetLedgerQuery {
  constructor(
    readonly principal: DepartmentPrincipal | AuditorPrincipal,
    readonly params: LedgerParams,
  ) {}
}
