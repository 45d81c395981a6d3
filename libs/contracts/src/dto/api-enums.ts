import { DEPARTMENT_CODES } from '../departments';
import { BRIBERY_SIDES, CASE_TRACK_OUTCOMES } from '../events/case-events';
import { PERSONAL_DATA_SCOPES } from '../events/personal-data-events';
import { CLUE_CATEGORIES, CLUE_SOURCES, DISPOSITION_KINDS, FINDING_RESULTS, SUBJECT_KINDS, SUBJECT_ROLES } from '../events/clue-events';

/** 台账/收件箱 status of a received transfer: 待签收, 已签收, 已退回, 已反馈. */
export const INBOX_STATUSES = ['pending', 'acknowledged', 'rejected', 'answered'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];
/** One recipient's answer to a transfer: 待签收 / 已签收 / 已退回. */
export const RECIPIENT_STATUSES = ['pending', 'acknowledged', 'rejected'] as const;
/** 延期: requested until decided; lapsed when the recipient answered first. */
export const EXTENSION_STATUSES = ['requested', 'granted', 'denied', 'lapsed'] as const;
export const DEADLINE_KINDS = ['acknowledge', 'feedback'] as const;
export const TRACK_STATUSES = ['investigating', 'finding-recorded', 'disposition-decided', 'feedback-sent'] as const;
/** Who holds an API key: a department instance, or an investigator (调查人员, read-only, logged). */
export const API_ROLES = ['department', 'investigator'] as const;

/**
 * The named enum schemas of the contract (`enumName` makes each one component, so generated
 * clients get one enum type per concept instead of one per property). Spread into @ApiProperty.
 */
export const ApiEnums = {
  DepartmentCode: { enum: [...DEPARTMENT_CODES], enumName: 'DepartmentCode' },
  ClueSource: { enum: [...CLUE_SOURCES], enumName: 'ClueSource' },
  ClueCategory: { enum: [...CLUE_CATEGORIES], enumName: 'ClueCategory' },
  SubjectKind: { enum: [...SUBJECT_KINDS], enumName: 'SubjectKind' },
  SubjectRole: { enum: [...SUBJECT_ROLES], enumName: 'SubjectRole' },
  FindingResult: { enum: [...FINDING_RESULTS], enumName: 'FindingResult' },
  DispositionKind: { enum: [...DISPOSITION_KINDS], enumName: 'DispositionKind' },
  CaseTrackOutcome: { enum: [...CASE_TRACK_OUTCOMES], enumName: 'CaseTrackOutcome' },
  BriberySide: { enum: [...BRIBERY_SIDES], enumName: 'BriberySide' },
  PersonalDataScope: { enum: [...PERSONAL_DATA_SCOPES], enumName: 'PersonalDataScope' },
  InboxStatus: { enum: [...INBOX_STATUSES], enumName: 'InboxStatus' },
  RecipientStatus: { enum: [...RECIPIENT_STATUSES], enumName: 'RecipientStatus' },
  ExtensionStatus: { enum: [...EXTENSION_STATUSES], enumName: 'ExtensionStatus' },
  DeadlineKind: { enum: [...DEADLINE_KINDS], enumName: 'DeadlineKind' },
  TrackStatus: { enum: [...TRACK_STATUSES], enumName: 'TrackStatus' },
  ApiRole: { enum: [...API_ROLES], enumName: 'ApiRole' },
} as const;

/** A department instance `code:region` (region: 行政区划代码), e.g. samr:341300. */
export const DEPARTMENT_INSTANCE_EXAMPLE = 'samr:341300';
export const UUID_EXAMPLE = '01938a4e-5b7c-7d2e-9f10-2a3b4c5d6e7f';
