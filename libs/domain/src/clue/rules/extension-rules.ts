import { DomainError } from '../../domain-error';
import { ClueErrorCodes } from '../clue-error-codes';
import { openDeadline, type ClueState, type RecipientState, type TransferState } from '../clue-state';
import { BusinessRule } from './business-rule';

/**
 * The most working days one extension (延期) may add. Placeholder, to be set by the users: no
 * seed names a figure for extensions. 30 follows 《信访工作条例》(2022) on 办理期限 (情况复杂的
 * 可以适当延长办理期限，但延长期限不得超过30日); that rule counts calendar days, the bus counts
 * every period in working days, so this cap is a little more lenient. It also equals the default
 * 反馈 period (CLUEBUS_FEEDBACK_DAYS): one extension at most doubles it. Per request; requests
 * follow one another (OneExtensionRequestAtATime), each decided by the sender.
 */
export const MAX_EXTENSION_WORKING_DAYS = 30;

/** A rule about what `actor` may do with one transfer of the clue. */
abstract class TransferActorRule extends BusinessRule {
  constructor(
    protected readonly state: ClueState,
    protected readonly transferId: string,
    protected readonly actor: string,
  ) {
    super();
  }
  protected transfer(): TransferState | undefined {
    return this.state.transfers[this.transferId];
  }
}

/**
 * Only a recipient of the transfer asks for more time. The transfer's sender (who decides) is
 * refused as forbidden; anyone else gets not-found for the transfer, as an answer would
 * (OnlyRecipientMayAnswer: a transfer to someone else is not the actor's to know).
 */
export class ExtensionMayBeRequestedOnlyByARecipient extends TransferActorRule {
  isBroken(): boolean {
    return this.transfer()?.recipients[this.actor] === undefined;
  }
  error(): DomainError {
    if (this.transfer()?.from === this.actor) {
      return new DomainError(ClueErrorCodes.ONLY_RECIPIENT_MAY_REQUEST_EXTENSION, `${this.actor} sent transfer ${this.transferId}: only its recipients ask for an extension`, undefined, 'forbidden');
    }
    return new DomainError(ClueErrorCodes.TRANSFER_NOT_FOUND, `transfer ${this.transferId} not found`, 'transferId', 'not-found');
  }
}

/** Only a deadline still owed can be extended: 签收 while pending, 反馈 while acknowledged without feedback. */
export class ExtensionNeedsAnOpenDeadline extends BusinessRule {
  constructor(private readonly recipient: RecipientState | undefined) {
    super();
  }
  isBroken(): boolean {
    return openDeadline(this.recipient) === undefined;
  }
  error(): DomainError {
    const why = this.recipient?.status === 'rejected' ? 'was rejected' : 'was answered with feedback';
    return new DomainError(ClueErrorCodes.EXTENSION_NEEDS_OPEN_DEADLINE, `the transfer ${why}: no deadline is open to extend`);
  }
}

/** A recipient has at most one undecided request per transfer: the sender answers it before the next. */
export class OneExtensionRequestAtATime extends BusinessRule {
  constructor(private readonly recipient: RecipientState | undefined) {
    super();
  }
  isBroken(): boolean {
    return this.recipient?.extension?.status === 'requested';
  }
  error(): DomainError {
    const e = this.recipient?.extension;
    return new DomainError(ClueErrorCodes.EXTENSION_ALREADY_REQUESTED, `an extension of ${e?.days} working days of the ${e?.deadline} deadline awaits the sender's decision`);
  }
}

/** An extension is a whole number of working days, from 1 to the cap (MAX_EXTENSION_WORKING_DAYS). */
export class ExtensionDaysWithinPolicy extends BusinessRule {
  constructor(
    private readonly days: number,
    private readonly max: number = MAX_EXTENSION_WORKING_DAYS,
  ) {
    super();
  }
  isBroken(): boolean {
    return !Number.isSafeInteger(this.days) || this.days < 1 || this.days > this.max;
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.EXTENSION_DAYS_OUT_OF_RANGE, `days must be a whole number of working days from 1 to ${this.max} (is ${this.days})`, 'days');
  }
}

/** A request for more time, and a denial of one, say why. */
export class ExtensionReasonIsRequired extends BusinessRule {
  constructor(private readonly reason: string) {
    super();
  }
  isBroken(): boolean {
    return typeof this.reason !== 'string' || this.reason.trim() === '';
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.REASON_REQUIRED, 'a reason is required', 'reason');
  }
}

/**
 * Only the transfer's sender grants or denies: it set the deadline. A recipient of the transfer
 * is refused as forbidden; anyone else gets not-found for the transfer.
 */
export class ExtensionDecidedOnlyBySender extends TransferActorRule {
  isBroken(): boolean {
    return this.transfer()?.from !== this.actor;
  }
  error(): DomainError {
    if (this.transfer()?.recipients[this.actor] !== undefined) {
      return new DomainError(ClueErrorCodes.ONLY_SENDER_MAY_DECIDE_EXTENSION, `only the sender of transfer ${this.transferId} grants or denies an extension`, undefined, 'forbidden');
    }
    return new DomainError(ClueErrorCodes.TRANSFER_NOT_FOUND, `transfer ${this.transferId} not found`, 'transferId', 'not-found');
  }
}

/** The recipient the sender names is one of the transfer's. */
export class ExtensionRecipientMustBeOnTransfer extends BusinessRule {
  constructor(
    private readonly transfer: TransferState,
    private readonly recipient: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.transfer.recipients[this.recipient] === undefined;
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.RECIPIENT_NOT_ON_TRANSFER, `${this.recipient} is no recipient of transfer ${this.transfer.transferId}`, 'recipient');
  }
}

/**
 * With `recipient` omitted, the transfer must have exactly one open request: none is nothing
 * to decide (NO_OPEN_EXTENSION_REQUEST), several must be told apart (AMBIGUOUS_EXTENSION_REQUEST).
 */
export class ExtensionRequestMustBeUnambiguous extends BusinessRule {
  constructor(
    private readonly transferId: string,
    private readonly open: readonly string[],
  ) {
    super();
  }
  isBroken(): boolean {
    return this.open.length !== 1;
  }
  error(): DomainError {
    if (this.open.length === 0) return new DomainError(ClueErrorCodes.NO_OPEN_EXTENSION_REQUEST, `no extension request on transfer ${this.transferId} awaits a decision`);
    return new DomainError(ClueErrorCodes.AMBIGUOUS_EXTENSION_REQUEST, `name the recipient: ${this.open.join(', ')} each asked for an extension`, 'recipient');
  }
}

/** A grant or denial answers an undecided request (a decided or lapsed one is not reopened). */
export class ExtensionNeedsAnOpenRequest extends BusinessRule {
  constructor(
    private readonly recipientId: string,
    private readonly recipient: RecipientState | undefined,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.recipient?.extension?.status !== 'requested';
  }
  error(): DomainError {
    const e = this.recipient?.extension;
    const why = e ? `its last request was ${e.status}` : 'it never asked';
    return new DomainError(ClueErrorCodes.NO_OPEN_EXTENSION_REQUEST, `no extension request of ${this.recipientId} awaits a decision: ${why}`);
  }
}

/**
 * A grant must leave the recipient time: the extended deadline lies after the decision. A
 * request made long after the deadline passed, for too few days, is denied and asked again —
 * granting it would record a deadline already missed.
 */
export class ExtendedDeadlineMustLieAhead extends BusinessRule {
  constructor(
    private readonly dueAt: string,
    private readonly now: Date,
  ) {
    super();
  }
  isBroken(): boolean {
    return Date.parse(this.dueAt) <= this.now.getTime();
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.EXTENDED_DEADLINE_ALREADY_PASSED, `the extended deadline ${this.dueAt} would already have passed at ${this.now.toISOString()}`);
  }
}
