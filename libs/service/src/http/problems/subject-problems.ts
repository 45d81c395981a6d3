import type { SubjectErrorCode } from '@cluebus/domain';
import { entries } from './problem-entry';

/** Titles of the Subject aggregate's refusals (SubjectErrorCodes, 联合惩戒). 409: about where the sanction stands; 422: about the request. */
export const SUBJECT_PROBLEMS = entries<SubjectErrorCode>({
  MEASURE_NOT_IN_CATALOGUE: [422, '惩戒措施不在措施目录中', 'The measure is not in the catalogue'],
  MEASURE_OF_ANOTHER_DEPARTMENT: [422, '该措施属于其他部门，只能实施本部门的措施', 'The measure belongs to another department'],
  MEASURE_NOT_FOR_SUBJECT_KIND: [422, '该措施不适用于此类主体', 'The measure does not apply to this kind of subject'],
  RATING_REQUIRED: [422, '该措施须给出信用评级', 'The measure needs a credit rating'],
  RATING_NOT_APPLICABLE: [422, '该措施不涉及信用评级', 'The measure takes no credit rating'],
  UNKNOWN_RATING_SCHEME: [422, '未知的信用评价办法', 'Unknown rating scheme'],
  UNKNOWN_RATING_GRADE: [422, '该评价办法中没有此等级', 'Unknown grade for this scheme'],
  RATING_SCHEME_NOT_IN_FORCE: [422, '该评价办法在此日期不再适用', 'The rating scheme is not in force on this date'],
  INVALID_DATE: [422, '日期无效', 'Invalid date'],
  END_BEFORE_START: [422, '结束日期早于开始日期', 'The end is before the start'],
  PERSON_NAME_NOT_ACCEPTED: [422, '不接受自然人姓名，请以身份证号标识', 'A person\'s name is not accepted; name persons by ID number'],
  SANCTION_ALREADY_EXISTS: [409, '惩戒记录已存在', 'The sanction already exists'],
  SANCTION_NOT_FOUND: [404, '惩戒记录不存在', 'Sanction not found'],
  SANCTION_ALREADY_ENDED: [409, '惩戒已撤销、到期或已信用修复', 'The sanction has already ended'],
  NOT_THE_SANCTIONING_DEPARTMENT: [403, '只有实施惩戒的部门可以结束该惩戒', 'Only the sanctioning department may end it'],
  TRIGGERED_RECORD_ENDS_WITH_TRIGGER: [409, '联动记录随其触发措施结束', 'A triggered record ends with its trigger'],
  SANCTION_NOT_DUE_TO_EXPIRE: [409, '惩戒尚未到期', 'The sanction is not due to expire'],
  UNKNOWN_COMMAND: [422, '未知的命令', 'Unknown command'],
});
