import type { PersonalDataErrorCode } from '@cluebus/domain';
import { entries } from './problem-entry';

/** Titles of the PersonalData aggregate's refusals (删除个人信息, docs/adr/0010). */
export const PERSONAL_DATA_PROBLEMS = entries<PersonalDataErrorCode>({
  PERSONAL_DATA_NOT_FOUND: [404, '未保存该个人信息', 'No personal data is held under this token'],
  ONLY_REGISTRAR_MAY_ERASE: [403, '只有登记部门可以删除其个人信息', 'Only the registering department may erase it'],
});
