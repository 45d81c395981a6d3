import { DomainError } from '../../domain-error';
import { ClueErrorCodes } from '../clue-error-codes';
import { recipientDeadline, type ClueState, type DeadlineKind, type RecipientState, type TransferState } from '../clue-state';
import { BusinessRule } from './business-rule';

/** The deadline of `kind` (签收 or 反馈): the transfer's, or `recipient`'s own once an extension (延期) moved it. */
export function deadlineOf(transfer: TransferState, kind: DeadlineKind, recipient?: string): string {
  return recipientDeadline(transfer, kind, recipient);
}

/** An overdue notice names a transfer of the clue and one of its recipients. */
export class OverdueRecipientMustBeOnTransfer extends BusinessRule {
  constructor(
    private readonly state: ClueState,
    private readonly transferId: string,
    private readonly recipient: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.state.transfers[this.transferId]?.recipients[this.recipient] === undefined;
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.TRANSFER_NOT_FOUND, `transfer ${this.transferId} to ${this.recipient} not found`, 'transferId', 'not-found');
  }
}

/**
 * A deadline is recorded as missed once per transfer, recipient, kind and due date (a rescan, a
 * restart or a second replica adds nothing). `overdue` holds the kinds whose current due date
 * was recorded missed; a granted extension moves the due date and clears its kind (evolve), so
 * missing the extended deadline (`dueAt`, the one the command judges) is a new miss.
 */
export class OverdueMayBeRecordedOnce extends BusinessRule {
  constructor(
    private readonly recipient: RecipientState | undefined,
    private readonly deadline: DeadlineKind,
    private readonly dueAt?: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.recipient?.overdue.includes(this.deadline) ?? false;
  }
  error(): DomainError {
    const at = this.dueAt ? ` (due ${this.dueAt})` : '';
    return new DomainError(ClueErrorCodes.OVERDUE_ALREADY_RECORDED, `the ${this.deadline} deadline${at} was already recorded as missed`);
  }
}

/** Only a deadline that lies before the decision time can be missed. */
export class OverdueDeadlineMustHavePassed extends BusinessRule {
  constructor(
    private readonly dueAt: string,
    private readonly now: Date,
  ) {
    super();
  }
  isBroken(): boolean {
    const t = Date.parse(this.dueAt);
    return Number.isNaN(t) || t >= this.now.getTime();
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.DEADLINE_NOT_PASSED, `deadline ${this.dueAt} has not passed at ${this.now.toISOString()}`);
  }
}

/**
 * A deadline is missed only while its answer is outstanding: 签收 while the transfer is still
 * pending, 反馈 while it is acknowledged without feedback. A rejection answers both.
 */
export class OverdueOnlyWhileUnanswered extends BusinessRule {
  constructor(
    private readonly recipient: RecipientState | undefined,
    private readonly deadline: DeadlineKind,
  ) {
    super();
  }
  isBroken(): boolean {
    const r = this.recipient;
    if (!r) return false;
    return this.deadline === 'acknowledge' ? r.status !== 'pending' : r.status !== 'acknowledged' || r.feedbackSent;
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.DEADLINE_ALREADY_MET, `the ${this.deadline} deadline was already answered`);
  }
}
