import type { ClueCategory, SubjectRecord } from '@cluebus/contracts';
import type { RoutableClue } from './route-condition';
import { parseRoutingPolicy, requiredRecipients, ROUTING_POLICY_V1, RoutingPolicyError, suggestRecipients, type RoutingPolicy } from './routing-policy';
import policyJson from './routing-policy.v1.json';

const company: SubjectRecord = { kind: 'enterprise', name: '某医药公司', role: 'briber' };
const doctor: SubjectRecord = { kind: 'person', name: '某医生', role: 'bribe-taker' };
const hospital: SubjectRecord = { kind: 'institution', name: '某医院', role: 'bribe-taker' };
const officialTaker: SubjectRecord = { kind: 'official', name: '某科长', role: 'bribe-taker' };
const partyMemberDoctor: SubjectRecord = { kind: 'person', name: '某院长', isOfficial: true };
const individualBriber: SubjectRecord = { kind: 'person', name: '某医药代表', role: 'briber' };

const SENDER = 'nhc:341300';
const STA = 'sta:341300';
const MPS = 'mps:341300';
const clue = (category: ClueCategory, over: Partial<RoutableClue> = {}): RoutableClue => ({
  category,
  alsoConcerns: [],
  subjects: [],
  ...over,
});
/** code → required, for a compact expectation. */
const routes = (c: RoutableClue, sender = SENDER): Record<string, boolean> =>
  Object.fromEntries(suggestRecipients(ROUTING_POLICY_V1, c, sender).map((s) => [s.code, s.required]));

describe('routing policy v1 (data)', () => {
  it('is versioned and valid', () => {
    expect(ROUTING_POLICY_V1.version).toBe('2026-12-02.1');
    expect(parseRoutingPolicy(structuredClone(policyJson))).toEqual(ROUTING_POLICY_V1);
    expect(ROUTING_POLICY_V1.rules.length).toBeGreaterThanOrEqual(10);
  });

  it('is frozen, and parsing returns a copy of its input', () => {
    expect(Object.isFrozen(ROUTING_POLICY_V1.rules[0]!.when)).toBe(true);
    const input = structuredClone(policyJson);
    expect(parseRoutingPolicy(input)).not.toBe(input);
  });

  describe('routes', () => {
    // Sender nhc unless the row names another (the sender's own department is never proposed).
    it.each<[string, RoutableClue, Record<string, boolean>, string?]>([
      ['false invoice → sta', clue('false-invoice'), { sta: false }],
      ['tax evasion → sta', clue('tax-evasion'), { sta: false }],
      ['a clue that also concerns tax evasion → sta as well', clue('medical-ethics', { alsoConcerns: ['tax-evasion'] }), { nhc: false, sta: false }, MPS],
      ['kickback → samr + nhsa rating', clue('kickback'), { samr: false, nhsa: false }],
      ['organised crime → mps (required)', clue('organised-crime'), { mps: true }],
      ['fund fraud → nhsa, with mps, samr (and nhc) suggested', clue('fund-fraud'), { nhsa: false, mps: false, samr: false, nhc: false }, STA],
      ['official misconduct → ccdi (required)', clue('official-misconduct'), { ccdi: true }],
      ['price monopoly → samr', clue('price-monopoly'), { samr: false }],
      ['procurement rigging → nhsa', clue('procurement-rigging'), { nhsa: false }],
      ['medical ethics → nhc', clue('medical-ethics'), { nhc: false }, STA],
      ['other → nothing', clue('other'), {}],
      ['any official subject → ccdi (required, 规纪法衔接)', clue('other', { subjects: [officialTaker] }), { ccdi: true }],
      ['a party member (isOfficial) → ccdi (required)', clue('fund-fraud', { subjects: [partyMemberDoctor] }), { ccdi: true, nhsa: false, mps: false, samr: false, nhc: false }, STA],
      ['bribery, no subjects known → samr', clue('bribery'), { samr: false }],
      ['bribery, official bribe-taker → samr + ccdi (required)', clue('bribery', { subjects: [officialTaker] }), { samr: false, ccdi: true }],
      [
        'bribery pair, company briber + official taker → both sides required: samr and ccdi; nhsa rating',
        clue('bribery', { subjects: [company, officialTaker] }),
        { samr: true, ccdi: true, nhsa: false },
      ],
      [
        'bribery pair, company briber + doctor taker → both sides required: samr and nhc; nhsa rating',
        clue('bribery', { subjects: [company, doctor] }),
        { samr: true, nhc: true, nhsa: false },
        STA,
      ],
      ['bribery pair, company briber + hospital taker → samr and nhc required', clue('bribery', { subjects: [company, hospital] }), { samr: true, nhc: true, nhsa: false }, STA],
      ['bribery pair, individual briber + doctor taker → nhc required, samr suggested', clue('bribery', { subjects: [individualBriber, doctor] }), { samr: false, nhc: true }, STA],
      ['bribery, one side only (company briber) → samr suggested + nhsa rating', clue('bribery', { subjects: [company] }), { samr: false, nhsa: false }],
      ['criminal threshold reached → mps (required)', clue('kickback', { amountYuan: 30000 }), { samr: false, nhsa: false, mps: true }],
      ['false invoice below its own threshold (¥100,000) → no mps', clue('false-invoice', { amountYuan: 99999 }), { sta: false }],
      ['false invoice at its threshold → mps (required)', clue('false-invoice', { amountYuan: 100000 }), { sta: false, mps: true }],
      ['tax evasion at its threshold → mps (required)', clue('tax-evasion', { amountYuan: 100000 }), { sta: false, mps: true }],
      ['tax evasion below → no mps', clue('tax-evasion', { amountYuan: 50000 }), { sta: false }],
      ['fund fraud at ¥30,000 → mps required', clue('fund-fraud', { amountYuan: 30000 }), { nhsa: false, mps: true, samr: false, nhc: false }, STA],
      ['other at ¥30,000 → mps required', clue('other', { amountYuan: 30000 }), { mps: true }],
      ['price monopoly with an official, over the line → ccdi and mps', clue('price-monopoly', { subjects: [officialTaker], amountYuan: 30000 }), { samr: false, ccdi: true, mps: true }],
      ['official misconduct by an official over the line → ccdi only', clue('official-misconduct', { subjects: [officialTaker], amountYuan: 30000 }), { ccdi: true }],
      ['official misconduct, no official subject, over the line → ccdi and mps', clue('official-misconduct', { amountYuan: 30000 }), { ccdi: true, mps: true }],
      ['below the threshold → no mps', clue('kickback', { amountYuan: 29999 }), { samr: false, nhsa: false }],
      ['amount unknown → no mps', clue('kickback'), { samr: false, nhsa: false }],
      [
        'official bribery over the threshold → ccdi, not mps (职务犯罪归监察)',
        clue('bribery', { subjects: [company, officialTaker], amountYuan: 500000 }),
        { samr: true, ccdi: true, nhsa: false },
      ],
      [
        'fund fraud with an official over the threshold → mps still required',
        clue('fund-fraud', { subjects: [partyMemberDoctor], amountYuan: 500000 }),
        { ccdi: true, nhsa: false, mps: true, samr: false, nhc: false },
        STA,
      ],
    ])('%s', (_name, c, expected, sender = SENDER) => {
      expect(routes(c, sender)).toEqual(expected);
    });
  });

  it('never suggests the sender itself (any region); the required flag of the others stays', () => {
    expect(routes(clue('bribery', { subjects: [company, doctor] }), 'samr:341300')).toEqual({ nhc: true, nhsa: false });
    expect(routes(clue('bribery', { subjects: [company, officialTaker] }), 'ccdi:110000')).toEqual({ samr: true, nhsa: false });
  });

  it("proposes recipients in the sender's region", () => {
    const s = suggestRecipients(ROUTING_POLICY_V1, clue('kickback'), 'nhc:340000');
    expect(s.map((x) => x.recipient)).toEqual(['samr:340000', 'nhsa:340000']);
  });

  it('merges every rule naming a department: reasons, rule ids, required if any requires', () => {
    const [ccdi] = suggestRecipients(ROUTING_POLICY_V1, clue('official-misconduct', { subjects: [officialTaker] }), SENDER);
    expect(ccdi).toEqual({
      code: 'ccdi',
      recipient: 'ccdi:341300',
      required: true,
      ruleIds: ['official-involved-ccdi', 'official-misconduct-ccdi'],
      reason: expect.stringContaining('; ') as unknown as string,
    });
    const samr = suggestRecipients(ROUTING_POLICY_V1, clue('bribery', { subjects: [company, doctor] }), SENDER).find((s) => s.code === 'samr');
    expect(samr?.ruleIds).toEqual(['bribery-samr', 'bribery-pair-briber-side']);
    expect(samr?.required).toBe(true);
  });

  it('requiredRecipients keeps the required ones', () => {
    expect(requiredRecipients(ROUTING_POLICY_V1, clue('bribery', { subjects: [company, doctor] }), STA).map((s) => s.code)).toEqual(['samr', 'nhc']);
    expect(requiredRecipients(ROUTING_POLICY_V1, clue('kickback'), SENDER)).toEqual([]);
  });

  it('refuses a sender that is not a department instance', () => {
    expect(() => suggestRecipients(ROUTING_POLICY_V1, clue('kickback'), 'nhc')).toThrow(RangeError);
  });

  it('a different policy is just different data', () => {
    const strict: RoutingPolicy = {
      version: '2027-01-01.1',
      rules: [{ id: 'kickback-samr', when: { category: ['kickback'] }, to: ['samr'], required: true, reason: '回扣 → 市场监管' }],
    };
    expect(requiredRecipients(strict, clue('kickback'), SENDER).map((s) => s.recipient)).toEqual(['samr:341300']);
  });
});

describe('parseRoutingPolicy (validator of the JSON shape)', () => {
  const valid = (): Record<string, unknown> => ({
    version: '2026-11-01.2',
    rules: [{ id: 'r1', when: { category: ['kickback'] }, to: ['samr'], required: false, reason: 'x' }],
  });
  const problemsOf = (input: unknown): string[] => {
    try {
      parseRoutingPolicy(input);
    } catch (e) {
      expect(e).toBeInstanceOf(RoutingPolicyError);
      return (e as RoutingPolicyError).problems;
    }
    return [];
  };
  const withRule = (rule: Record<string, unknown>): unknown => ({ ...valid(), rules: [{ ...(valid().rules as object[])[0], ...rule }] });

  it('accepts a minimal policy', () => {
    expect(problemsOf(valid())).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['not an object', [], '$: must be an object'],
    ['a bad version', { ...valid(), version: 'v1' }, '$.version'],
    ['no rules array', { version: '2026-11-01.1', rules: {} }, '$.rules: must be an array'],
    ['an unknown top-level key', { ...valid(), rulez: [] }, '$.rulez: unknown key'],
    ['a rule that is not an object', { ...valid(), rules: [1] }, '$.rules[0]: must be an object'],
    ['an unknown rule key', withRule({ priority: 1 }), '$.rules[0].priority: unknown key'],
    ['an empty id', withRule({ id: '' }), '$.rules[0].id'],
    ['an unknown department', withRule({ to: ['police'] }), '$.rules[0].to[0]'],
    ['no departments', withRule({ to: [] }), '$.rules[0].to'],
    ['required not boolean', withRule({ required: 'yes' }), '$.rules[0].required'],
    ['no reason', withRule({ reason: '' }), '$.rules[0].reason'],
    ['a source not string', withRule({ source: 3 }), '$.rules[0].source'],
    ['an unknown category', withRule({ when: { category: ['corruption'] } }), '$.rules[0].when.category[0]'],
    ['an empty category list', withRule({ when: { category: [] } }), '$.rules[0].when.category'],
    ['two keys in a condition', withRule({ when: { category: ['kickback'], amountAtLeast: 1 } }), 'exactly one'],
    ['an empty condition', withRule({ when: {} }), 'exactly one'],
    ['an unknown condition', withRule({ when: { amountAbove: 1 } }), 'unknown condition amountAbove'],
    ['a negative amount', withRule({ when: { amountAtLeast: -1 } }), '$.rules[0].when.amountAtLeast'],
    ['an amount as text', withRule({ when: { amountAtLeast: '30000' } }), '$.rules[0].when.amountAtLeast'],
    ['an unknown subject kind', withRule({ when: { subject: { kind: ['robot'] } } }), '$.rules[0].when.subject.kind[0]'],
    ['an unknown subject role', withRule({ when: { subject: { role: ['witness'] } } }), '$.rules[0].when.subject.role[0]'],
    ['an unknown subject key (typo)', withRule({ when: { subject: { isOfficial: true } } }), '$.rules[0].when.subject.isOfficial: unknown key'],
    ['official not boolean', withRule({ when: { subject: { official: 'yes' } } }), '$.rules[0].when.subject.official'],
    ['an empty all', withRule({ when: { all: [] } }), '$.rules[0].when.all'],
    ['a bad nested condition', withRule({ when: { any: [{ category: ['kickback'] }, { not: { nope: 1 } }] } }), '$.rules[0].when.any[1].not'],
    [
      'a duplicate rule id',
      { ...valid(), rules: [(valid().rules as object[])[0], (valid().rules as object[])[0]] },
      '$.rules[1].id: duplicate id r1',
    ],
  ])('refuses %s', (_name, input, problem) => {
    const problems = problemsOf(input);
    expect(problems.join('\n')).toContain(problem);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ version: 'x', rules: [{ id: '', when: {}, to: [], required: 1, reason: '' }] })).toHaveLength(6);
  });
});
