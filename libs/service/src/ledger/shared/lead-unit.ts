import { ForbiddenException } from '@nestjs/common';
import { LEAD_UNIT_CODE } from '@cluebus/domain';
import type { DepartmentPrincipal } from '../../auth/principal';

export const isLeadUnit = (p: DepartmentPrincipal): boolean => p.code === LEAD_UNIT_CODE;

/** Every department's ledger is the lead unit's (牵头单位 nhc) to see, as it supervises them all (督办). */
export function requireLeadUnit(p: DepartmentPrincipal, field: string): void {
  if (!isLeadUnit(p)) {
    throw new ForbiddenException({ code: 'ONLY_LEAD_UNIT_MAY_VIEW_ALL', field, message: `only the lead unit (${LEAD_UNIT_CODE}) may see every department's ledger` });
  }
}
