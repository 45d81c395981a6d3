import type { SubjectRecord } from '@cluebus/contracts';
import { evaluateCondition, isOfficialSubject, subjectMatches, type RoutableClue, type RouteCondition } from './route-condition';

const company: SubjectRecord = { kind: 'enterprise', name: 'A公司', role: 'briber' };
const doctor: SubjectRecord = { kind: 'person', name: '医生', role: 'bribe-taker' };
const partyMemberDoctor: SubjectRecord = { kind: 'person', name: '院长', role: 'bribe-taker', isOfficial: true };
const official: SubjectRecord = { kind: 'official', name: '科长' };

const clue = (over: Partial<RoutableClue> = {}): RoutableClue => ({
  category: 'bribery',
  alsoConcerns: ['tax-evasion'],
  subjects: [company, doctor],
  amountYuan: 50000,
  ...over,
});

describe('route conditions', () => {
  describe('category: the category or one the clue also concerns', () => {
    it.each<[RouteCondition, boolean]>([
      [{ category: ['bribery'] }, true],
      [{ category: ['tax-evasion'] }, true],
      [{ category: ['kickback', 'tax-evasion'] }, true],
      [{ category: ['kickback'] }, false],
    ])('%j → %p', (c, expected) => expect(evaluateCondition(c, clue())).toBe(expected));
  });

  describe('subject: some subject matches every given field', () => {
    it.each<[RouteCondition, boolean]>([
      [{ subject: {} }, true],
      [{ subject: { kind: ['enterprise'] } }, true],
      [{ subject: { kind: ['official'] } }, false],
      [{ subject: { role: ['bribe-taker'] } }, true],
      [{ subject: { role: ['suspect'] } }, false],
      [{ subject: { kind: ['enterprise'], role: ['bribe-taker'] } }, false],
      [{ subject: { official: true } }, false],
      [{ subject: { official: false, role: ['bribe-taker'] } }, true],
    ])('%j → %p', (c, expected) => expect(evaluateCondition(c, clue())).toBe(expected));

    it('no subjects: nothing matches', () => {
      expect(evaluateCondition({ subject: {} }, clue({ subjects: [] }))).toBe(false);
    });

    it('a subject without a role matches no role condition', () => {
      expect(subjectMatches(official, { role: ['suspect', 'related', 'briber', 'bribe-taker'] })).toBe(false);
    });
  });

  it('official: kind official or isOfficial', () => {
    expect([company, doctor, partyMemberDoctor, official].map(isOfficialSubject)).toEqual([false, false, true, true]);
    expect(evaluateCondition({ subject: { official: true, role: ['bribe-taker'] } }, clue({ subjects: [partyMemberDoctor] }))).toBe(true);
  });

  describe('amountAtLeast: known and ≥ N', () => {
    it.each<[number | undefined, boolean]>([
      [29999.99, false],
      [30000, true],
      [1e9, true],
      [undefined, false],
    ])('amount %p vs 30000 → %p', (amountYuan, expected) => {
      expect(evaluateCondition({ amountAtLeast: 30000 }, clue({ amountYuan }))).toBe(expected);
    });
  });

  describe('combinators', () => {
    const yes: RouteCondition = { category: ['bribery'] };
    const no: RouteCondition = { category: ['kickback'] };
    it.each<[RouteCondition, boolean]>([
      [{ all: [yes, yes] }, true],
      [{ all: [yes, no] }, false],
      [{ any: [no, yes] }, true],
      [{ any: [no, no] }, false],
      [{ not: yes }, false],
      [{ not: no }, true],
      [{ all: [yes, { not: { any: [no, { amountAtLeast: 1e6 }] } }] }, true],
    ])('%j → %p', (c, expected) => expect(evaluateCondition(c, clue())).toBe(expected));
  });
});
