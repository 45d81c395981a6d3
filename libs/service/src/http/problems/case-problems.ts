import type { CaseErrorCode } from '@cluebus/domain';
import { entries } from './problem-entry';

/** Titles of the Case aggregate's refusals (CaseErrorCodes, 一案多查). */
export const CASE_PROBLEMS = entries<CaseErrorCode>({
  CASE_NOT_FOUND: [404, '案件不存在或无权查看', 'Case not found'],
  CASE_ALREADY_EXISTS: [409, '案件已存在', 'The case already exists'],
  CASE_ALREADY_CONCLUDED: [409, '案件已办结', 'The case is concluded'],
  TITLE_REQUIRED: [422, '缺少案件名称', 'A title is required'],
  CLUES_REQUIRED: [422, '缺少线索', 'Clues are required'],
  CLUE_LISTED_TWICE: [422, '线索重复列出', 'A clue is listed twice'],
  // 422 here (a clue named in the request); a DomainError of kind not-found is still a 404.
  CLUE_NOT_FOUND: [422, '线索不存在或无权查看', 'Clue not found'],
  CLUE_ALREADY_ATTACHED: [409, '线索已并入该案件', 'The clue is already attached'],
  NOT_A_CASE_PARTICIPANT: [409, '不是该案件的参与部门', 'Not a participant of the case'],
  INVALID_TRACK_VIA: [422, '办理线索无效', 'Invalid track clue'],
  CLUE_NOT_IN_CASE: [422, '线索不属于该案件', 'The clue is not part of the case'],
  NO_ENGAGEMENT_WITH_CLUE: [422, '本部门未办理该线索', 'This department has not engaged with the clue'],
  TRACK_ALREADY_OPEN: [409, '本部门已在办理该案件', 'A track is already open'],
  ONLY_TRACK_HOLDER_MAY_CONCLUDE_TRACK: [409, '只有办理部门可以办结其办理', 'Only the track holder may conclude the track'],
  TRACK_ALREADY_CONCLUDED: [409, '本部门的办理已办结', 'The track is already concluded'],
  INVALID_OUTCOME: [422, '办理结果无效', 'Invalid outcome'],
  ONLY_LEAD_MAY_CONCLUDE: [409, '只有牵头单位可以办结案件', 'Only the lead may conclude the case'],
  CASE_TRACKS_OPEN: [409, '仍有部门未办结', 'Tracks are still open'],
  BRIBERY_PAIR_SAME_SUBJECT: [422, '行贿方与受贿方不能是同一对象', 'Briber and bribe-taker are the same subject'],
  SUBJECT_NOT_IN_CASE: [422, '涉及对象不属于该案件', 'The subject is not in the case'],
  BRIBERY_PAIR_ALREADY_LINKED: [409, '行贿受贿关系已关联', 'The bribery pair is already linked'],
  BRIBERY_PAIR_NOT_IN_CASE: [422, '行贿受贿关系不属于该案件', 'The bribery pair is not in the case'],
  ONE_SIDED_ALREADY_FLAGGED: [409, '已标记为单方查处', 'Already flagged one-sided'],
  FLAG_RECIPIENT_MUST_BE_CCDI: [422, '单方查处须移交纪检监察机关', 'A one-sided matter goes to ccdi'],
  FLAG_EVIDENCE_REQUIRED: [422, '缺少核查结论依据', 'Evidence is required'],
  UNKNOWN_COMMAND: [422, '未知的命令', 'Unknown command'],
});
