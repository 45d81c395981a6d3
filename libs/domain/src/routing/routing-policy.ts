// Value imports name the contracts module (not the barrel) so the domain does not load the DTOs'
// class-validator/class-transformer dependencies.
import { DEPARTMENT_CODES, parseDepartmentInstance, type DepartmentCode } from '@cluebus/contracts/departments';
import { CLUE_CATEGORIES, SUBJECT_KINDS, SUBJECT_ROLES } from '@cluebus/contracts/events/clue-events';
import { evaluateCondition, type RoutableClue, type RouteCondition, type SubjectMatch } from './route-condition';
import { deepFreeze } from '../deep-freeze';
import policyV1Json from './routing-policy.v1.json';

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

/** Routing policy as versioned data; `version` is `YYYY-MM-DD.N`. */
export interface RoutingPolicy {
  version: string;
  description?: string;
  rules: RoutingRule[];
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
 * Checks the JSON shape of a routing policy and returns a typed copy; throws RoutingPolicyError
 * naming every problem with its path. Unknown keys are refused so a typo cannot silently
 * disable a condition.
 */
export function parseRoutingPolicy(input: unknown): RoutingPolicy {
  const problems: string[] = [];
  const p = (path: string, msg: string): void => void problems.push(`${path}: ${msg}`);

  if (!isObject(input)) throw new RoutingPolicyError(['$: must be an object']);
  checkKeys(input, ['version', 'description', 'rules'], '$', p);
  if (typeof input.version !== 'string' || !VERSION.test(input.version)) p('$.version', 'must be a string YYYY-MM-DD.N');
  if (input.description !== undefined && typeof input.description !== 'string') p('$.description', 'must be a string');
  if (!Array.isArray(input.rules)) {
    p('$.rules', 'must be an array');
  } else {
    const ids = new Set<string>();
    input.rules.forEach((rule: unknown, i: number) => {
      const at = `$.rules[${i}]`;
      if (!isObject(rule)) return p(at, 'must be an object');
      checkKeys(rule, ['id', 'when', 'to', 'required', 'reason', 'source'], at, p);
      if (typeof rule.id !== 'string' || rule.id === '') p(`${at}.id`, 'must be a non-empty string');
      else if (ids.has(rule.id)) p(`${at}.id`, `duplicate id ${rule.id}`);
      else ids.add(rule.id);
      checkCondition(rule.when, `${at}.when`, p);
      if (!Array.isArray(rule.to) || rule.to.length === 0) p(`${at}.to`, 'must be a non-empty array of department codes');
      else checkEnumArray(rule.to, DEPARTMENT_CODES, `${at}.to`, p);
      if (typeof rule.required !== 'boolean') p(`${at}.required`, 'must be a boolean');
      if (typeof rule.reason !== 'string' || rule.reason === '') p(`${at}.reason`, 'must be a non-empty string');
      if (rule.source !== undefined && typeof rule.source !== 'string') p(`${at}.source`, 'must be a string');
    });
  }
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
      return checkEnumArray(v, CLUE_CATEGORIES, `${at}.category`, p);
    case 'subject': {
      if (!isObject(v)) return p(`${at}.subject`, 'must be an object');
      checkKeys(v, ['kind', 'role', 'official'], `${at}.subject`, p);
      const m = v as Record<keyof SubjectMatch, unknown>;
      if (m.kind !== undefined) {
        if (!Array.isArray(m.kind) || m.kind.length === 0) p(`${at}.subject.kind`, 'must be a non-empty array');
        else checkEnumArray(m.kind, SUBJECT_KINDS, `${at}.subject.kind`, p);
      }
      if (m.role !== undefined) {
        if (!Array.isArray(m.role) || m.role.length === 0) p(`${at}.subject.role`, 'must be a non-empty array');
        else checkEnumArray(m.role, SUBJECT_ROLES, `${at}.subject.role`, p);
      }
      if (m.official !== undefined && typeof m.official !== 'boolean') p(`${at}.subject.official`, 'must be a boolean');
      return;
    }
    case 'amountAtLeast':
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) p(`${at}.amountAtLeast`, 'must be a finite number ≥ 0');
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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(o: Record<string, unknown>, allowed: string[], at: string, p: (path: string, msg: string) => void): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) p(`${at}.${k}`, 'unknown key');
}

function checkEnumArray(
  values: unknown[],
  allowed: readonly string[],
  at: string,
  p: (path: string, msg: string) => void,
): void {
  values.forEach((v, i) => {
    if (typeof v !== 'string' || !allowed.includes(v)) p(`${at}[${i}]`, `must be one of ${allowed.join(', ')}`);
  });
}

/** The routing policy shipped with this version of the domain (routing-policy.v1.json), validated. */
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
