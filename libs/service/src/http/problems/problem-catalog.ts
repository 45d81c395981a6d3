import { STATUS_CODES } from 'node:http';
import { CASE_PROBLEMS } from './case-problems';
import { CLUE_PROBLEMS } from './clue-problems';
import { HTTP_PROBLEMS } from './http-problems';
import { PERSONAL_DATA_PROBLEMS } from './personal-data-problems';
import { SUBJECT_PROBLEMS } from './subject-problems';
import type { ProblemEntry } from './problem-entry';

export type { ProblemEntry } from './problem-entry';

/**
 * Every code the API answers with → its status and titles. The Clue's entries win over the
 * Case's for the two codes they share (CLUE_NOT_FOUND, UNKNOWN_COMMAND): same titles, and the
 * status of a DomainError comes from its kind and field anyway (error.filter.ts).
 */
export const PROBLEM_CATALOG: Readonly<Record<string, ProblemEntry>> = { ...HTTP_PROBLEMS, ...SUBJECT_PROBLEMS, ...PERSONAL_DATA_PROBLEMS, ...CASE_PROBLEMS, ...CLUE_PROBLEMS };

/** zh-CN titles of the statuses a code outside the catalogue may carry (HTTP_405, …). */
const ZH_STATUS: Record<number, string> = {
  400: '请求无效',
  401: '未认证',
  403: '无权访问',
  404: '资源不存在',
  405: '不允许的请求方法',
  406: '无法提供所请求的表示形式',
  408: '请求超时',
  409: '冲突',
  413: '请求体过大',
  415: '不支持的内容类型',
  422: '无法处理的请求',
  429: '请求过多',
  500: '内部错误',
  503: '服务暂不可用',
};

/** The entry of a code; a code outside the catalogue (Nest's generic HTTP_<status>) gets its status' reason phrase. */
export function problemEntry(code: string, status: number): ProblemEntry {
  return PROBLEM_CATALOG[code] ?? { status, zh: ZH_STATUS[status] ?? `HTTP ${status}`, en: STATUS_CODES[status] ?? `HTTP ${status}` };
}
