// Value imports name the contracts modules (not the barrel): the domain loads no DTO dependencies.
import { DEPARTMENT_CODES, type DepartmentCode } from '@cluebus/contracts/departments';
import { SUBJECT_KINDS, type SubjectKind } from '@cluebus/contracts/events/clue-events';
import { checkEnumArray, checkKeys, isObject, type Problem } from '../../data-checks';
import { deepFreeze } from '../../deep-freeze';
import catalogueV1Json from './sanction-catalogue.v1.json';

/** A grade of a credit-rating scheme, with the case-fact thresholds (yuan) that lead to it — data, not code. */
export interface RatingGrade {
  grade: string;
  briberyYuanAtLeast?: number;
  taxYuanAtLeast?: number;
  note?: string;
}

/** 医药价格和招采信用评价: the 2020 rules (four grades) and the 2025 notice (three) are both in force for ratings made under them. */
export interface RatingScheme {
  id: string;
  name: string;
  department: DepartmentCode;
  /** New ratings under this scheme start on or after this day / on or before this day (YYYY-MM-DD). */
  newRatingsFrom?: string;
  newRatingsUntil?: string;
  grades: RatingGrade[];
}

/** A measure (惩戒措施) of one department: `notice` tells the department to act (联合惩戒通报). */
export interface SanctionMeasure {
  id: string;
  department: DepartmentCode;
  name: string;
  kind: 'measure' | 'notice';
  rating: 'required' | 'none';
  subjectKinds: SubjectKind[];
}

/** 联合惩戒备忘录: a measure of one department triggers measures or notices in others. */
export interface MemorandumRule {
  id: string;
  when: { department: DepartmentCode; measures: string[]; grades?: string[] };
  then: Array<{ department: DepartmentCode; measure: string }>;
}

export interface SanctionCatalogue {
  version: string;
  sources: string[];
  schemes: RatingScheme[];
  measures: SanctionMeasure[];
  memorandum: MemorandumRule[];
}

export class SanctionCatalogueError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid sanction catalogue: ${problems.join('; ')}`);
    this.name = 'SanctionCatalogueError';
  }
}

const VERSION = /^\d{4}-\d{2}-\d{2}\.\d+$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Every problem of a catalogue, each naming its path: unknown department, subject kind or key,
 * duplicate ids, a memorandum rule naming a measure or grade that does not exist, a triggered
 * measure of the triggering department itself. Pure; empty when valid.
 */
export function validateSanctionCatalogue(input: unknown): string[] {
  const problems: string[] = [];
  const p: Problem = (path, msg) => void problems.push(`${path}: ${msg}`);
  if (!isObject(input)) return ['$: must be an object'];
  checkKeys(input, ['version', 'sources', 'schemes', 'measures', 'memorandum'], '$', p);
  if (typeof input.version !== 'string' || !VERSION.test(input.version)) p('$.version', 'must be a string YYYY-MM-DD.N');
  if (!Array.isArray(input.sources) || input.sources.some((s) => typeof s !== 'string')) p('$.sources', 'must be an array of strings');
  const grades = new Set<string>();
  eachObject(input.schemes, '$.schemes', p, (s, at) => {
    checkKeys(s, ['id', 'name', 'department', 'newRatingsFrom', 'newRatingsUntil', 'grades'], at, p);
    nonEmpty(s, ['id', 'name'], at, p);
    checkEnumArray([s.department], DEPARTMENT_CODES, `${at}.department`, p, 'department');
    for (const k of ['newRatingsFrom', 'newRatingsUntil']) if (s[k] !== undefined && (typeof s[k] !== 'string' || !DAY.test(s[k]))) p(`${at}.${k}`, 'must be YYYY-MM-DD');
    eachObject(s.grades, `${at}.grades`, p, (g, gat) => {
      checkKeys(g, ['grade', 'briberyYuanAtLeast', 'taxYuanAtLeast', 'note'], gat, p);
      nonEmpty(g, ['grade'], gat, p);
      grades.add(String(g.grade));
      for (const k of ['briberyYuanAtLeast', 'taxYuanAtLeast']) if (g[k] !== undefined && !(typeof g[k] === 'number' && g[k] > 0)) p(`${gat}.${k}`, 'must be a number of yuan > 0');
    });
  });
  unique(input.schemes, (s) => String(s.id), '$.schemes', p);
  const measures = new Set<string>();
  eachObject(input.measures, '$.measures', p, (m, at) => {
    checkKeys(m, ['id', 'department', 'name', 'kind', 'rating', 'subjectKinds'], at, p);
    nonEmpty(m, ['id', 'name'], at, p);
    checkEnumArray([m.department], DEPARTMENT_CODES, `${at}.department`, p, 'department');
    checkEnumArray([m.kind], ['measure', 'notice'], `${at}.kind`, p, 'kind');
    checkEnumArray([m.rating], ['required', 'none'], `${at}.rating`, p, 'rating');
    if (!Array.isArray(m.subjectKinds) || m.subjectKinds.length === 0) p(`${at}.subjectKinds`, 'must be a non-empty array');
    else checkEnumArray(m.subjectKinds, SUBJECT_KINDS, `${at}.subjectKinds`, p, 'subject kind');
    measures.add(`${m.department}/${m.id}`);
  });
  unique(input.measures, (m) => `${m.department}/${m.id}`, '$.measures', p);
  eachObject(input.memorandum, '$.memorandum', p, (r, at) => {
    checkKeys(r, ['id', 'when', 'then'], at, p);
    nonEmpty(r, ['id'], at, p);
    const when = isObject(r.when) ? r.when : {};
    if (!isObject(r.when)) p(`${at}.when`, 'must be an object');
    checkKeys(when, ['department', 'measures', 'grades'], `${at}.when`, p);
    if (!Array.isArray(when.measures) || when.measures.length === 0) p(`${at}.when.measures`, 'must be a non-empty array');
    else when.measures.forEach((id: unknown, i: number) => !measures.has(`${when.department}/${id}`) && p(`${at}.when.measures[${i}]`, `no measure ${String(id)} of ${String(when.department)}`));
    if (when.grades !== undefined) checkEnumArray(Array.isArray(when.grades) ? when.grades : [when.grades], [...grades], `${at}.when.grades`, p, 'grade');
    eachObject(r.then, `${at}.then`, p, (t, tat) => {
      checkKeys(t, ['department', 'measure'], tat, p);
      if (!measures.has(`${t.department}/${t.measure}`)) p(tat, `no measure ${String(t.measure)} of ${String(t.department)}`);
      if (t.department === when.department) p(`${tat}.department`, 'a memorandum rule triggers records in other departments');
    });
  });
  unique(input.memorandum, (r) => String(r.id), '$.memorandum', p);
  return problems;
}

/** Checks a catalogue and returns a typed copy; throws SanctionCatalogueError naming every problem. */
export function parseSanctionCatalogue(input: unknown): SanctionCatalogue {
  const problems = validateSanctionCatalogue(input);
  if (problems.length > 0) throw new SanctionCatalogueError(problems);
  return structuredClone(input) as SanctionCatalogue;
}

/** The catalogue shipped with this version of the domain, validated when this module loads: a broken file stops the process at start-up. */
export const SANCTION_CATALOGUE_V1: Readonly<SanctionCatalogue> = deepFreeze(parseSanctionCatalogue(catalogueV1Json));

export function findMeasure(catalogue: SanctionCatalogue, department: string, measure: string): SanctionMeasure | undefined {
  return catalogue.measures.find((m) => m.department === department && m.id === measure);
}

export function findScheme(catalogue: SanctionCatalogue, scheme: string): RatingScheme | undefined {
  return catalogue.schemes.find((s) => s.id === scheme);
}

/** The memorandum rules a measure (with its grade, for ratings) triggers. */
export function triggeredBy(catalogue: SanctionCatalogue, department: string, measure: string, grade?: string): MemorandumRule[] {
  return catalogue.memorandum.filter((r) => r.when.department === department && r.when.measures.includes(measure) && (!r.when.grades || (grade !== undefined && r.when.grades.includes(grade))));
}

function eachObject(list: unknown, at: string, p: Problem, check: (o: Record<string, unknown>, at: string) => void): void {
  if (!Array.isArray(list)) return p(at, 'must be an array');
  list.forEach((o: unknown, i: number) => (isObject(o) ? check(o, `${at}[${i}]`) : p(`${at}[${i}]`, 'must be an object')));
}

function nonEmpty(o: Record<string, unknown>, keys: string[], at: string, p: Problem): void {
  for (const k of keys) if (typeof o[k] !== 'string' || o[k] === '') p(`${at}.${k}`, 'must be a non-empty string');
}

function unique(list: unknown, keyOf: (o: Record<string, unknown>) => string, at: string, p: Problem): void {
  if (!Array.isArray(list)) return;
  const seen = new Set<string>();
  list.filter(isObject).forEach((o, i) => {
    const key = keyOf(o);
    if (seen.has(key)) p(`${at}[${i}]`, `duplicate ${key}`);
    seen.add(key);
  });
}
