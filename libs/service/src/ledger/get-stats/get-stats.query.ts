import type { DepartmentPrincipal } from '../../auth/principal';
import type { Period } from '../shared/ledger-params';

/** Statistics of the transfers made in the period (the quarterly 通报): every department for the lead unit, else the caller's own line. */
export class GetStatsQuery {
  constructor(
    readonly principal: DepartmentPrincipal,
    readonly period: Period,
  ) {}
}
