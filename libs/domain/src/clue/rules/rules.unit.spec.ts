import { DomainError } from '../../domain-error';
import { ROUTING_POLICY_V1 } from '../../routing/routing-policy';
import { CCDI, ev, NHC, OFFICIAL, PHARMA, SAMR, TEST_NOW } from '../../testing';
import { ClueErrorCodes } from '../clue-error-codes';
import { foldClue } from '../clue-state';
import * as rules from './index';
import {
  AcknowledgeDeadlineMustBeInFuture,
  BusinessRule,
  checkRules,
  FeedbackDeadlineMustNotPrecedeAcknowledgeDeadline,
  OnlyRegistrarMayTransfer,
  parseDeadline,
  RecipientsMustBeDistinct,
  TransferMustIncludeRequiredRecipients,
} from './index';

describe('business rules', () => {
  const ruleClasses = Object.entries(rules).filter(
    ([, v]) => typeof v === 'function' && v.prototype instanceof BusinessRule,
  ) as [string, new (...args: never[]) => BusinessRule][];

  it('are named units: each rule class carries its name', () => {
    expect(ruleClasses.length).toBeGreaterThanOrEqual(35);
    const state = foldClue([ev.registered(NHC)]);
    const r = new OnlyRegistrarMayTransfer(state, SAMR);
    expect(r.name).toBe('OnlyRegistrarMayTransfer');
    expect(r.isBroken()).toBe(true);
    expect(r.error()).toBeInstanceOf(DomainError);
    expect(new OnlyRegistrarMayTransfer(state, NHC).isBroken()).toBe(false);
  });

  it('every error code is a stable UPPER_SNAKE string equal to its key', () => {
    for (const [key, value] of Object.entries(ClueErrorCodes)) {
      expect(value).toBe(key);
      expect(value).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
    }
  });

  it('checkRules throws the first broken rule, in order, and nothing when all hold', () => {
    const state = foldClue([ev.registered(NHC)]);
    expect(() => checkRules(new OnlyRegistrarMayTransfer(state, NHC), new RecipientsMustBeDistinct([SAMR]))).not.toThrow();
    let thrown: unknown;
    try {
      checkRules(new OnlyRegistrarMayTransfer(state, NHC), new RecipientsMustBeDistinct([SAMR, SAMR]), new OnlyRegistrarMayTransfer(state, SAMR));
    } catch (e) {
      thrown = e;
    }
    expect((thrown as DomainError).code).toBe(ClueErrorCodes.RECIPIENT_LISTED_TWICE);
  });

  describe('deadlines', () => {
    it.each([
      ['2026-11-13T18:00:00+08:00', Date.UTC(2026, 10, 13, 10)],
      ['2026-11-13T10:00Z', Date.UTC(2026, 10, 13, 10)],
      ['2026-11-13T10:00:00.123456Z', Date.UTC(2026, 10, 13, 10, 0, 0, 123)],
      ['2026-11-13', undefined],
      ['2026-11-13 10:00:00Z', undefined],
      ['2026-02-30T10:00:00Z', undefined],
      ['2028-02-29T10:00:00Z', Date.UTC(2028, 1, 29, 10)],
      ['2026-00-10T10:00:00Z', undefined],
      ['2026-11-13T25:00:00Z', undefined],
      ['', undefined],
    ])('parseDeadline(%p) = %p', (value, expected) => {
      expect(parseDeadline(value)).toBe(expected);
    });

    it('leave malformed values to DeadlineMustBeIsoDateTime (no double refusal)', () => {
      expect(new AcknowledgeDeadlineMustBeInFuture('soon', TEST_NOW).isBroken()).toBe(false);
      expect(new FeedbackDeadlineMustNotPrecedeAcknowledgeDeadline('soon', '2020-01-01T00:00:00Z').isBroken()).toBe(false);
    });
  });

  describe('TransferMustIncludeRequiredRecipients', () => {
    const official = foldClue([ev.registered(NHC, { subjects: [PHARMA, OFFICIAL], amountYuan: 1000 })]);
    it('lists what is missing from the registrar’s point of view', () => {
      const rule = new TransferMustIncludeRequiredRecipients(ROUTING_POLICY_V1, official, [SAMR]);
      expect(rule.missing().map((s) => s.code)).toEqual(['ccdi']);
      expect(rule.error().field).toBe('to');
      expect(new TransferMustIncludeRequiredRecipients(ROUTING_POLICY_V1, official, [SAMR, CCDI]).isBroken()).toBe(false);
    });
    it('ignores malformed recipients (another rule refuses them) and a clue not registered', () => {
      expect(new TransferMustIncludeRequiredRecipients(ROUTING_POLICY_V1, official, ['ccdi']).missing().map((s) => s.code)).toEqual(['ccdi']);
      expect(new TransferMustIncludeRequiredRecipients(ROUTING_POLICY_V1, foldClue([]), []).isBroken()).toBe(false);
    });
  });
});
