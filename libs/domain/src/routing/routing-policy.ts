// Value imports name the contracts module (not the barrel) so the domain does not load the DTOs'
// class-validator/class-transformer dependencies.
import { DEPARTMENT_CODES, parseDepartmentInstance, type DepartmentCode } from '@cluebus/contracts/departments';
import { CLUE_CATEGORIES, SUBJECT_KINDS, SUBJECT_ROLES, type ClueCategory } from '@cluebus/contracts/events/clue-events';
import type { DeadlinePeriods } from '../deadlines/deadline-calendar';
import { evaluateCondition, type RoutableClue, type RouteCondition, type SubjectMatch } from './route-condition';
import { deepFreeze } from '../deep-freeze';
import policyV1Json from './routing-policy.v1.json';
import { checkEnumArray, checkKeys, isObject } from '../data-checks';

/** One route: when `when` holds for a clue, its sender should (or, if `required`, must) send it to `to`. */
export interface RoutingRule {
  id: string;
  when: RouteCondition;
  to: DepartmentCode[];
  required: boolean;
  reason: string;
  /** Where the rule comes from (seed, regulation); informative. */
  source?: string;
}

/** 签收 / 反馈 periods in working days for one category, with where the figures come from. */
export interface CategoryDeadlines extends DeadlinePeriods {
  source: string;
}

/** Default periods by clue category; a category not listed uses the service's configured periods. */
export interface PolicyDeadlines {
  /** Always `working-days`: counted by the working-day calendar. */
  unit: 'working-days';
  byCategory: Partial<Record<ClueCategory, CategoryDeadlines>>;
}

/** Routing policy as versioned data; `version` is `YYYY-MM-DD.N`. */
export interface RoutingPolicy {
  version: string;
  description?: string;
  rules: RoutingRule[];
  deadlines?: PolicyDeadlines;
  /**
   * 行贿受贿一起查: working days after one side's substantiated finding within which the other
   * side must have a track or investigation, else the matter is flagged and handed to ccdi.
   */
  briberyPair?: { windowDays: number; source: string };
}

/**
 * The default periods for a clue of `category`: the policy's figures for that category when it
 * has them, else `fallback` (the service's configured periods).
 */
export function deadlinePeriodsFor(policy: RoutingPolicy, category: ClueCategory, fallback: DeadlinePeriods): DeadlinePeriods {
  const d = policy.deadlines?.byCategory[category];
  return d ? { acknowledgeDays: d.acknowledgeDays, feedbackDays: d.feedbackDays } : fallback;
}

/** A proposed recipient, merged over every rule that proposes the same department. */
export interface RecipientSuggestion {
  /** Department code, e.g. `ccdi`. */
  code: DepartmentCode;
  /** The proposed instance `code:region`, in the sender's region. */
  recipient: string;
  /** Reasons of the matching rules, joined with '; '. */
  reason: string;
  /** True when any matching rule requires this department. */
  required: boolean;
  ruleIds: string[];
}

export class RoutingPolicyError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid routing policy: ${problems.join('; ')}`);
    this.name = 'RoutingPolicyError';
  }
}

const VERSION = /^\d{4}-\d{2}-\d{2}\.\d+$/;

/**
 * Every problem of a routing policy, each naming the rule (id and path) and the field: unknown
 * department, bad threshold, duplicate rule id, unknown category, bad deadline, unknown keys (so
 * a typo cannot silently disable a condition). Pure; empty when the policy is valid.
 */
export function validateRoutingPolicy(input: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(input)) return ['$: must be an object'];
  const top = (path: string, msg: string): void => void problems.push(`${path}: ${msg}`);
  checkKeys(input, ['version', 'description', 'rules', 'deadlines', 'briberyPair'], '$', top);
  if (typeof input.version !== 'string' || !VERSION.test(input.version)) top('$.version', 'must be a string YYYY-MM-DD.N');
  if (input.description !== undefined && typeof input.description !== 'string') top('$.description', 'must be a string');
  if (!Array.isArray(input.rules)) {
    top('$.rules', 'must be an array');
  } else {
    const ids = new Set<string>();
    input.rules.forEach((rule: unknown, i: number) => {
      const at = `$.rules[${i}]`;
      if (!isObject(rule)) return top(at, 'must be an object');
      const name = typeof rule.id === 'string' && rule.id !== '' ? `rule ${rule.id} ` : `rule #${i} `;
      const p = (path: string, msg: string): void => void problems.push(`${name}${path}: ${msg}`);
      checkKeys(rule, ['id', 'when', 'to', 'required', 'reason', 'source'], at, p);
      if (typeof rule.id !== 'string' || rule.id === '') p(`${at}.id`, 'must be a non-empty string');
      else if (ids.has(rule.id)) p(`${at}.id`, `duplicate id ${rule.id}`);
      else ids.add(rule.id);
      checkCondition(rule.when, `${at}.when`, p);
      if (!Array.isArray(rule.to) || rule.to.length === 0) p(`${at}.to`, 'must be a non-empty array of department codes');
      else checkEnumArray(rule.to, DEPARTMENT_CODES, `${at}.to`, p, 'department');
      if (typeof rule.required !== 'boolean') p(`${at}.required`, 'must be a boolean');
      if (typeof rule.reason !== 'string' || rule.reason === '') p(`${at}.reason`, 'must be a non-empty string');
      if (rule.source !== undefined && typeof rule.source !== 'string') p(`${at}.source`, 'must be a string');
    });
  }
  if (input.deadlines !== undefined) checkDeadlines(input.deadlines, top);
  if (input.briberyPair !== undefined) {
    const b = input.briberyPair;
    if (!isObject(b)) top('$.briberyPair', 'must be an object {windowDays, source}');
    else {
      checkKeys(b, ['windowDays', 'source'], '$.briberyPair', top);
      checkDays(b.windowDays, '$.briberyPair.windowDays', top);
      if (typeof b.source !== 'string' || b.source === '') top('$.briberyPair.source', 'must say where the figure comes from');
    }
  }
  return problems;
}

/** Longest period a policy may set (about two working years): a larger figure is a typo. */
const MAX_POLICY_DAYS = 500;

function checkDays(v: unknown, at: string, p: (path: string, msg: string) => void): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_POLICY_DAYS) {
    p(at, `bad deadline ${JSON.stringify(v)}: must be a whole number of working days, 1–${MAX_POLICY_DAYS}`);
  }
}

function checkDeadlines(d: unknown, p: (path: string, msg: string) => void): void {
  const at = '$.deadlines';
  if (!isObject(d)) return p(at, 'must be an object {unit, byCategory}');
  checkKeys(d, ['unit', 'byCategory', 'source'], at, p);
  if (d.unit !== 'working-days') p(`${at}.unit`, 'must be "working-days"');
  if (!isObject(d.byCategory)) return p(`${at}.byCategory`, 'must be an object keyed by category');
  for (const [category, v] of Object.entries(d.byCategory)) {
    const c = `${at}.byCategory.${category}`;
    if (!(CLUE_CATEGORIES as readonly string[]).includes(category)) {
      p(c, `unknown category ${category} (one of ${CLUE_CATEGORIES.join(', ')})`);
      continue;
    }
    if (!isObject(v)) {
      p(c, 'must be an object {acknowledgeDays, feedbackDays, source}');
      continue;
    }
    checkKeys(v, ['acknowledgeDays', 'feedbackDays', 'source'], c, p);
    checkDays(v.acknowledgeDays, `${c}.acknowledgeDays`, p);
    checkDays(v.feedbackDays, `${c}.feedbackDays`, p);
    if (typeof v.acknowledgeDays === 'number' && typeof v.feedbackDays === 'number' && v.feedbackDays < v.acknowledgeDays) {
      p(`${c}.feedbackDays`, 'bad deadline: feedback must not be due before acknowledgement');
    }
    if (typeof v.source !== 'string' || v.source === '') p(`${c}.source`, 'must say where the figures come from');
  }
}

/**
 * Checks a routing policy (validateRoutingPolicy) and returns a typed copy; throws
 * RoutingPolicyError naming every problem.
 */
export function parseRoutingPolicy(input: unknown): RoutingPolicy {
  const problems = validateRoutingPolicy(input);
  if (problems.length > 0) throw new RoutingPolicyError(problems);
  return structuredClone(input) as unknown as RoutingPolicy;
}

function checkCondition(c: unknown, at: string, p: (path: string, msg: string) => void): void {
  if (!isObject(c)) return p(at, 'must be a condition object');
  const keys = Object.keys(c);
  if (keys.length !== 1) return p(at, `must have exactly one of category, subject, amountAtLeast, all, any, not (has ${keys.join(', ') || 'none'})`);
  const [key] = keys;
  const v = c[key];
  switch (key) {
    case 'category':
      if (!Array.isArray(v) || v.length === 0) return p(`${at}.category`, 'must be a non-empty array of categories');
      return checkEnumArray(v, CLUE_CATEGORIES, `${at}.category`, p, 'category');
    case 'subject': {
      if (!isObject(v)) return p(`${at}.subject`, 'must be an object');
      checkKeys(v, ['kind', 'role', 'official'], `${at}.subject`, p);
      const m = v as Record<keyof SubjectMatch, unknown>;
      if (m.kind !== undefined) {
        if (!Array.isArray(m.kind) || m.kind.length === 0) p(`${at}.subject.kind`, 'must be a non-empty array');
        else checkEnumArray(m.kind, SUBJECT_KINDS, `${at}.subject.kind`, p, 'subject kind');
      }
      if (m.role !== undefined) {
        if (!Array.isArray(m.role) || m.role.length === 0) p(`${at}.subject.role`, 'must be a non-empty array');
        else checkEnumArray(m.role, SUBJECT_ROLES, `${at}.subject.role`, p, 'subject role');
      }
      if (m.official !== undefined && typeof m.official !== 'boolean') p(`${at}.subject.official`, 'must be a boolean');
      return;
    }
    case 'amountAtLeast':
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) p(`${at}.amountAtLeast`, `bad threshold ${JSON.stringify(v)}: must be a finite number of yuan > 0`);
      return;
    case 'all':
    case 'any':
      if (!Array.isArray(v) || v.length === 0) return p(`${at}.${key}`, 'must be a non-empty array of conditions');
      v.forEach((sub: unknown, i: number) => checkCondition(sub, `${at}.${key}[${i}]`, p));
      return;
    case 'not':
      return checkCondition(v, `${at}.not`, p);
    default:
      return p(at, `unknown condition ${key}`);
  }
}

/**
 * The routing policy shipped with this version of the domain (routing-policy.v1.json), validated
 * when this module loads: a broken file stops the process at start-up with RoutingPolicyError,
 * whose message names each rule and field.
 */
export const ROUTING_POLICY_V1: Readonly<RoutingPolicy> = deepFreeze(parseRoutingPolicy(policyV1Json));

/**
 * Who the clue should go to, from `sender` (a department instance). Every matching rule's
 * departments, merged (required if any matching rule requires), in the order the rules first
 * name them, in the sender's region; never the sender's own department.
 */
export function suggestRecipients(policy: RoutingPolicy, clue: RoutableClue, sender: string): RecipientSuggestion[] {
  const from = parseDepartmentInstance(sender);
  const byCode = new Map<DepartmentCode, RecipientSuggestion>();
  for (const rule of policy.rules) {
    if (!evaluateCondition(rule.when, clue)) continue;
    for (const code of rule.to) {
      if (code === from.code) continue;
      const s = byCode.get(code);
      if (!s) {
        byCode.set(code, { code, recipient: `${code}:${from.region}`, reason: rule.reason, required: rule.required, ruleIds: [rule.id] });
      } else {
        s.required = s.required || rule.required;
        s.reason = `${s.reason}; ${rule.reason}`;
        s.ruleIds.push(rule.id);
      }
    }
  }
  return [...byCode.values()];
}

/** The suggestions that are required (the policy refuses a transfer that leaves them out). */
export function requiredRecipients(policy: RoutingPolicy, clue: RoutableClue, sender: string): RecipientSuggestion[] {
  return suggestRecipients(policy, clue, sender).filter((s) => s.required);
}
