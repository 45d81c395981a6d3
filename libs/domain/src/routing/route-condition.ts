import type { ClueCategory, SubjectKind, SubjectRecord, SubjectRole } from '@cluebus/contracts';

/** The facts of a clue a routing condition can look at. */
export interface RoutableClue {
  category: ClueCategory;
  alsoConcerns: readonly ClueCategory[];
  subjects: readonly SubjectRecord[];
  amountYuan?: number;
}

/** Matches one subject; every given field must hold. */
export interface SubjectMatch {
  kind?: SubjectKind[];
  role?: SubjectRole[];
  /** A party member or public official: `kind` 'official' or `isOfficial` true. */
  official?: boolean;
}

/**
 * The whole condition language of the routing policy (data, not code):
 * - `{ "category": [...] }`      the clue's category or one of its alsoConcerns is listed
 * - `{ "subject": {...} }`       some subject matches (kind in, role in, official)
 * - `{ "amountAtLeast": N }`     amountYuan is known and ≥ N
 * - `{ "all": [...] }`, `{ "any": [...] }`, `{ "not": {...} }`
 */
export type RouteCondition =
  | { category: ClueCategory[] }
  | { subject: SubjectMatch }
  | { amountAtLeast: number }
  | { all: RouteCondition[] }
  | { any: RouteCondition[] }
  | { not: RouteCondition };

export function isOfficialSubject(s: SubjectRecord): boolean {
  return s.kind === 'official' || s.isOfficial === true;
}

export function subjectMatches(s: SubjectRecord, m: SubjectMatch): boolean {
  if (m.kind && !m.kind.includes(s.kind)) return false;
  if (m.role && (s.role === undefined || !m.role.includes(s.role))) return false;
  if (m.official !== undefined && isOfficialSubject(s) !== m.official) return false;
  return true;
}

/** The tiny evaluator: is the condition true of the clue? */
export function evaluateCondition(condition: RouteCondition, clue: RoutableClue): boolean {
  if ('category' in condition) {
    return condition.category.includes(clue.category) || clue.alsoConcerns.some((c) => condition.category.includes(c));
  }
  if ('subject' in condition) return clue.subjects.some((s) => subjectMatches(s, condition.subject));
  if ('amountAtLeast' in condition) return clue.amountYuan !== undefined && clue.amountYuan >= condition.amountAtLeast;
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, clue));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, clue));
  return !evaluateCondition(condition.not, clue);
}
