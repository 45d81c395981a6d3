import { CLUE_CATEGORIES } from '@cluebus/contracts/events/clue-events';
import { deadlinePeriodsFor, parseRoutingPolicy, ROUTING_POLICY_V1, RoutingPolicyError, validateRoutingPolicy, type RoutingPolicy } from './routing-policy';
import policyJson from './routing-policy.v1.json';

const rule = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'r1',
  when: { category: ['kickback'] },
  to: ['samr'],
  required: false,
  reason: 'r',
  ...over,
});
const policy = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ version: '2026-12-02.1', rules: [rule()], ...over });
const deadlines = (byCategory: Record<string, unknown>): Record<string, unknown> => ({ deadlines: { unit: 'working-days', byCategory } });
const ok = { acknowledgeDays: 2, feedbackDays: 15, source: 'placeholder' };

describe('validateRoutingPolicy', () => {
  it('finds nothing wrong with the shipped policy and a minimal one', () => {
    expect(validateRoutingPolicy(structuredClone(policyJson))).toEqual([]);
    expect(validateRoutingPolicy(policy(deadlines({ 'organised-crime': ok })))).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['an unknown department', policy({ rules: [rule({ to: ['samr', 'police'] })] }), 'rule r1 $.rules[0].to[1]: unknown department "police"'],
    ['a negative threshold', policy({ rules: [rule({ when: { amountAtLeast: -5 } })] }), 'rule r1 $.rules[0].when.amountAtLeast: bad threshold -5'],
    ['a zero threshold', policy({ rules: [rule({ when: { amountAtLeast: 0 } })] }), 'rule r1 $.rules[0].when.amountAtLeast: bad threshold 0'],
    ['a threshold as text, nested', policy({ rules: [rule({ when: { all: [{ category: ['bribery'] }, { amountAtLeast: '3万' }] } })] }), 'rule r1 $.rules[0].when.all[1].amountAtLeast: bad threshold "3万"'],
    ['a duplicate rule id', policy({ rules: [rule(), rule({ to: ['nhsa'] })] }), 'rule r1 $.rules[1].id: duplicate id r1'],
    ['an unknown category in a rule', policy({ rules: [rule({ when: { category: ['corruption'] } })] }), 'rule r1 $.rules[0].when.category[0]: unknown category "corruption"'],
    ['an unknown category in deadlines', policy(deadlines({ corruption: ok })), '$.deadlines.byCategory.corruption: unknown category corruption'],
    ['a zero deadline', policy(deadlines({ kickback: { ...ok, acknowledgeDays: 0 } })), '$.deadlines.byCategory.kickback.acknowledgeDays: bad deadline 0'],
    ['a fractional deadline', policy(deadlines({ kickback: { ...ok, feedbackDays: 2.5 } })), '$.deadlines.byCategory.kickback.feedbackDays: bad deadline 2.5'],
    ['a deadline as text', policy(deadlines({ kickback: { ...ok, feedbackDays: '30' } })), '$.deadlines.byCategory.kickback.feedbackDays: bad deadline "30"'],
    ['an absurd deadline', policy(deadlines({ kickback: { ...ok, feedbackDays: 3000 } })), '$.deadlines.byCategory.kickback.feedbackDays: bad deadline 3000'],
    ['feedback due before acknowledgement', policy(deadlines({ kickback: { ...ok, acknowledgeDays: 10, feedbackDays: 5 } })), 'feedbackDays: bad deadline: feedback must not be due before'],
    ['a deadline without its source', policy(deadlines({ kickback: { acknowledgeDays: 2, feedbackDays: 15 } })), '$.deadlines.byCategory.kickback.source'],
    ['a deadline unit other than working days', policy({ deadlines: { unit: 'days', byCategory: {} } }), '$.deadlines.unit'],
    ['a typo in a deadline key', policy(deadlines({ kickback: { ...ok, ackDays: 2 } })), '$.deadlines.byCategory.kickback.ackDays: unknown key'],
    ['a bad pair window', policy({ briberyPair: { windowDays: -1, source: 's' } }), '$.briberyPair.windowDays: bad deadline -1'],
    ['a pair window without source', policy({ briberyPair: { windowDays: 20 } }), '$.briberyPair.source'],
  ])('names the rule and field for %s', (_name, input, problem) => {
    expect(validateRoutingPolicy(input).join('\n')).toContain(problem);
  });

  it('names a rule without id by its position', () => {
    expect(validateRoutingPolicy(policy({ rules: [rule({ id: '', to: ['police'] })] })).join('\n')).toContain('rule #0 $.rules[0].to[0]');
  });

  it('is pure: the input is not changed, and parseRoutingPolicy throws the same list', () => {
    const input = policy({ rules: [rule({ to: ['police'] })] });
    const before = structuredClone(input);
    const problems = validateRoutingPolicy(input);
    expect(input).toEqual(before);
    try {
      parseRoutingPolicy(input);
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(RoutingPolicyError);
      expect((e as RoutingPolicyError).problems).toEqual(problems);
      expect((e as Error).message).toContain('rule r1 $.rules[0].to[0]: unknown department "police"');
    }
  });
});

describe('routing policy v1: deadlines and thresholds', () => {
  const FALLBACK = { acknowledgeDays: 5, feedbackDays: 30 };

  it('gives organised crime shorter periods and leaves the others to the configured default', () => {
    expect(deadlinePeriodsFor(ROUTING_POLICY_V1, 'organised-crime', FALLBACK)).toEqual({ acknowledgeDays: 2, feedbackDays: 15 });
    expect(deadlinePeriodsFor(ROUTING_POLICY_V1, 'kickback', FALLBACK)).toBe(FALLBACK);
    const none: RoutingPolicy = { version: '2026-12-02.1', rules: [] };
    expect(deadlinePeriodsFor(none, 'organised-crime', FALLBACK)).toBe(FALLBACK);
  });

  it('says where every figure comes from', () => {
    for (const d of Object.values(ROUTING_POLICY_V1.deadlines!.byCategory)) expect(d!.source).toMatch(/seed|placeholder/);
    expect(ROUTING_POLICY_V1.briberyPair!.source).toMatch(/placeholder/);
    const thresholds = ROUTING_POLICY_V1.rules.filter((r) => JSON.stringify(r.when).includes('amountAtLeast'));
    expect(thresholds.length).toBeGreaterThan(0);
    for (const r of thresholds) expect(r.source).toMatch(/placeholder/);
  });

  it('has a criminal threshold for every category except organised crime (always required)', () => {
    const covered = new Set(
      ROUTING_POLICY_V1.rules.filter((r) => r.to.includes('mps') && JSON.stringify(r.when).includes('amountAtLeast')).flatMap((r) => {
        const all = (r.when as { all: Array<{ category?: string[] }> }).all;
        return all.flatMap((c) => c.category ?? []);
      }),
    );
    expect(CLUE_CATEGORIES.filter((c) => !covered.has(c))).toEqual(['organised-crime']);
  });
});
