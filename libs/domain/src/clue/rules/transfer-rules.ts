import { departmentCodeOf, isDepartmentInstance } from '@cluebus/contracts/departments';
import { DomainError } from '../../domain-error';
import { requiredRecipients, type RecipientSuggestion, type RoutingPolicy } from '../../routing/routing-policy';
import { ClueErrorCodes } from '../clue-error-codes';
import { allRecipients, holdsClue, type ClueState } from '../clue-state';
import { BusinessRule } from './business-rule';

/** The registering department transfers (移交); any other holder forwards (转办). */
export class OnlyRegistrarMayTransfer extends BusinessRule {
  constructor(
    private readonly state: ClueState,
    private readonly actor: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.state.registeredBy !== this.actor;
  }
  error(): DomainError {
    return new DomainError(
      ClueErrorCodes.ONLY_REGISTRAR_MAY_TRANSFER,
      'only the registering department may transfer this clue; a recipient passes it on with ForwardClue (转办)',
    );
  }
}

/** Transfer ids (transfers and forwards together) are unique within a clue. */
export class TransferIdMustBeUnused extends BusinessRule {
  constructor(
    private readonly state: ClueState,
    private readonly transferId: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.transferId in this.state.transfers;
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.TRANSFER_ID_IN_USE, `transfer ${this.transferId} already exists on this clue`, 'transferId');
  }
}

/** A transfer, forward or investigation names its legal basis (法律依据). */
export class BasisIsRequired extends BusinessRule {
  constructor(private readonly basis: string) {
    super();
  }
  isBroken(): boolean {
    return typeof this.basis !== 'string' || this.basis.trim() === '';
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.BASIS_REQUIRED, 'a legal basis is required', 'basis');
  }
}

export class RecipientsMustNotBeEmpty extends BusinessRule {
  constructor(private readonly to: readonly string[]) {
    super();
  }
  isBroken(): boolean {
    return this.to.length === 0;
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.RECIPIENTS_REQUIRED, 'at least one recipient is required', 'to');
  }
}

export class RecipientsMustBeDistinct extends BusinessRule {
  constructor(private readonly to: readonly string[]) {
    super();
  }
  private twice(): string | undefined {
    return this.to.find((r, i) => this.to.indexOf(r) !== i);
  }
  isBroken(): boolean {
    return this.twice() !== undefined;
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.RECIPIENT_LISTED_TWICE, `recipient ${this.twice()} is listed twice`, 'to');
  }
}

export class RecipientsMustBeDepartmentInstances extends BusinessRule {
  constructor(private readonly to: readonly string[]) {
    super();
  }
  private invalid(): string | undefined {
    return this.to.find((r) => !isDepartmentInstance(r));
  }
  isBroken(): boolean {
    return this.invalid() !== undefined;
  }
  error(): DomainError {
    return new DomainError(
      ClueErrorCodes.INVALID_RECIPIENT,
      `recipient ${JSON.stringify(this.invalid())} is not a department instance code:region (e.g. samr:341300)`,
      'to',
    );
  }
}

export class RecipientMustNotBeSender extends BusinessRule {
  constructor(
    private readonly to: readonly string[],
    private readonly sender: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.to.includes(this.sender);
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.RECIPIENT_IS_SENDER, `${this.sender} cannot send the clue to itself`, 'to');
  }
}

/** The registrar holds the clue from the start; a forward never sends it back there. */
export class RecipientMustNotBeRegistrar extends BusinessRule {
  constructor(
    private readonly state: ClueState,
    private readonly to: readonly string[],
  ) {
    super();
  }
  isBroken(): boolean {
    return this.to.includes(this.state.registeredBy);
  }
  error(): DomainError {
    return new DomainError(
      ClueErrorCodes.RECIPIENT_IS_REGISTRAR,
      `${this.state.registeredBy} registered this clue and already holds it; answer it with feedback or reject the transfer instead`,
      'to',
    );
  }
}

/**
 * A department with a pending or acknowledged transfer of this clue is not sent it again;
 * one that rejected it may be (e.g. after the sender fixed the reason for the rejection).
 */
export class RecipientMustNotAlreadyHoldClue extends BusinessRule {
  constructor(
    private readonly state: ClueState,
    private readonly to: readonly string[],
  ) {
    super();
  }
  private holder(): string | undefined {
    return this.to.find((r) => r !== this.state.registeredBy && holdsClue(this.state, r));
  }
  isBroken(): boolean {
    return this.holder() !== undefined;
  }
  error(): DomainError {
    return new DomainError(
      ClueErrorCodes.DUPLICATE_RECIPIENT,
      `${this.holder()} already has a pending or acknowledged transfer of this clue`,
      'to',
    );
  }
}

/** ISO-8601 date-time with an explicit zone: a deadline must not depend on the reader's time zone. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch, or undefined when not an ISO date-time with a zone or not a calendar date. */
export function parseDeadline(value: string): number | undefined {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value)) return undefined;
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(y, m - 1, d));
  if (calendar.getUTCMonth() !== m - 1 || calendar.getUTCDate() !== d) return undefined; // 2026-02-30 is no date
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

export class DeadlineMustBeIsoDateTime extends BusinessRule {
  constructor(
    private readonly value: string,
    private readonly field: 'acknowledgeBy' | 'feedbackBy',
  ) {
    super();
  }
  isBroken(): boolean {
    return parseDeadline(this.value) === undefined;
  }
  error(): DomainError {
    return new DomainError(
      ClueErrorCodes.INVALID_DEADLINE,
      `${this.field} must be an ISO-8601 date-time with a zone (e.g. 2026-11-20T18:00:00+08:00), got ${JSON.stringify(this.value)}`,
      this.field,
    );
  }
}

/** 签收 deadline lies after the decision time. */
export class AcknowledgeDeadlineMustBeInFuture extends BusinessRule {
  constructor(
    private readonly acknowledgeBy: string,
    private readonly now: Date,
  ) {
    super();
  }
  isBroken(): boolean {
    const t = parseDeadline(this.acknowledgeBy);
    return t !== undefined && t <= this.now.getTime();
  }
  error(): DomainError {
    return new DomainError(
      ClueErrorCodes.ACKNOWLEDGE_DEADLINE_NOT_IN_FUTURE,
      `acknowledgeBy ${this.acknowledgeBy} must be later than now (${this.now.toISOString()})`,
      'acknowledgeBy',
    );
  }
}

/** 反馈 deadline is not before the 签收 deadline. */
export class FeedbackDeadlineMustNotPrecedeAcknowledgeDeadline extends BusinessRule {
  constructor(
    private readonly acknowledgeBy: string,
    private readonly feedbackBy: string,
  ) {
    super();
  }
  isBroken(): boolean {
    const ack = parseDeadline(this.acknowledgeBy);
    const fb = parseDeadline(this.feedbackBy);
    return ack !== undefined && fb !== undefined && fb < ack;
  }
  error(): DomainError {
    return new DomainError(
      ClueErrorCodes.FEEDBACK_DEADLINE_BEFORE_ACKNOWLEDGE_DEADLINE,
      `feedbackBy ${this.feedbackBy} must not be before acknowledgeBy ${this.acknowledgeBy}`,
      'feedbackBy',
    );
  }
}

/**
 * The routing policy can require co-recipients (an official involved → ccdi, 规纪法衔接;
 * both sides of a bribery pair, 行贿受贿一起查; …). Each required department must be a recipient
 * of some transfer or forward of the clue — an earlier one, whatever its answer, or this one.
 * Requirements are computed from the registrar's point of view (the registrar's own department
 * is never required of itself).
 */
export class TransferMustIncludeRequiredRecipients extends BusinessRule {
  constructor(
    private readonly policy: RoutingPolicy,
    private readonly state: ClueState,
    private readonly to: readonly string[],
  ) {
    super();
  }
  missing(): RecipientSuggestion[] {
    const { category, alsoConcerns, subjects, amountYuan } = this.state;
    if (category === undefined) return [];
    const covered = new Set([...allRecipients(this.state), ...this.to].filter(isDepartmentInstance).map(departmentCodeOf));
    return requiredRecipients(this.policy, { category, alsoConcerns, subjects, amountYuan }, this.state.registeredBy).filter(
      (s) => !covered.has(s.code),
    );
  }
  isBroken(): boolean {
    return this.missing().length > 0;
  }
  error(): DomainError {
    const missing = this.missing();
    const list = missing.map((s) => `${s.code} (${s.ruleIds.join(', ')}: ${s.reason}; e.g. ${s.recipient})`).join('; ');
    return new DomainError(
      ClueErrorCodes.REQUIRED_RECIPIENT_MISSING,
      `routing policy ${this.policy.version} requires ${missing.map((s) => s.code).join(', ')} as recipient of this clue: ${list}`,
      'to',
    );
  }
}
