import type { BlacklistRow } from '@cluebus/projections';
import type { SheetColumn } from '../../ledger/exports/ledger-csv.writer';

/** The blacklist export: one line per sanction in force, values as in the JSON rows (lists joined by spaces). */
export const BLACKLIST_COLUMNS: ReadonlyArray<SheetColumn & { field: keyof BlacklistRow }> = [
  { field: 'subjectKind', header: '主体类型' },
  { field: 'subjectKey', header: '主体标识(USCC或身份证号令牌)' },
  { field: 'uscc', header: '统一社会信用代码' },
  { field: 'name', header: '单位名称' },
  { field: 'department', header: '实施单位' },
  { field: 'measure', header: '惩戒措施' },
  { field: 'measureKind', header: '类型(measure措施/notice通报)' },
  { field: 'ratingScheme', header: '信用评价方案' },
  { field: 'ratingGrade', header: '失信等级' },
  { field: 'legalBasis', header: '法律依据' },
  { field: 'startsOn', header: '起始日期' },
  { field: 'endsOn', header: '截止日期' },
  { field: 'sanctionId', header: '惩戒编号' },
  { field: 'imposedEventId', header: '事件编号' },
  { field: 'triggerEventId', header: '触发事件编号' },
  { field: 'caseIds', header: '案件编号' },
  { field: 'findingEventIds', header: '查处结论事件编号' },
];

export const exportRow = (r: BlacklistRow) => ({ ...r, caseIds: r.caseIds.join(' '), findingEventIds: r.findingEventIds.join(' ') });
