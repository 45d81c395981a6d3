import { DomainError } from '../../domain-error';
import { ClueErrorCodes } from '../clue-error-codes';
import { recipientStatus, transfersTo, transfersToWithStatus, type ClueState, type TransferState } from '../clue-state';
import { BusinessRule } from './business-rule';

/**
 * Only a recipient answers (签收/退回), forwards through or gives feedback on a transfer. An
 * unknown transfer and a transfer to someone else get the same not-found answer.
 */
export class OnlyRecipientMayAnswer extends BusinessRule {
  constructor(
    private readonly state: ClueState,
    private readonly transferId: string,
    private readonly actor: string,
    private readonly field: 'transferId' | 'viaTransferId' = 'transferId',
  ) {
    super();
  }
  isBroken(): boolean {
    return recipientStatus(this.state, this.transferId, this.actor) === undefined;
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.TRANSFER_NOT_FOUND, `transfer ${this.transferId} not found`, this.field, 'not-found');
  }
}

/** A transfer is acknowledged or rejected once, by each recipient. */
export class TransferMayBeAnsweredOnce extends BusinessRule {
  constructor(
    private readonly state: ClueState,
    private readonly transferId: string,
    private readonly actor: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return recipientStatus(this.state, this.transferId, this.actor) !== 'pending';
  }
  error(): DomainError {
    const status = recipientStatus(this.state, this.transferId, this.actor);
    return new DomainError(ClueErrorCodes.TRANSFER_ALREADY_ANSWERED, `transfer ${this.transferId} was already ${status}`, 'transferId');
  }
}

/** 退回 says why. */
export class RejectionRequiresReason extends BusinessRule {
  constructor(private readonly reason: string) {
    super();
  }
  isBroken(): boolean {
    return typeof this.reason !== 'string' || this.reason.trim() === '';
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.REASON_REQUIRED, 'a rejection needs a reason', 'reason');
  }
}

/** The registrar has nothing to forward: it transfers. Forwarding is for departments that received the clue. */
export class OnlyRecipientsMayForward extends BusinessRule {
  constructor(
    private readonly state: ClueState,
    private readonly actor: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return transfersTo(this.state, this.actor).length === 0;
  }
  error(): DomainError {
    return new DomainError(
      ClueErrorCodes.ONLY_RECIPIENTS_MAY_FORWARD,
      'only a department that received this clue forwards it; the registering department uses TransferClue',
    );
  }
}

/** Acting on a received transfer (forward, feedback) needs it acknowledged (签收) first. */
export class ReceivedTransferMustBeAcknowledged extends BusinessRule {
  constructor(
    private readonly state: ClueState,
    private readonly transferId: string,
    private readonly actor: string,
    private readonly field: 'transferId' | 'viaTransferId',
  ) {
    super();
  }
  isBroken(): boolean {
    return recipientStatus(this.state, this.transferId, this.actor) !== 'acknowledged';
  }
  error(): DomainError {
    return recipientStatus(this.state, this.transferId, this.actor) === 'rejected'
      ? new DomainError(ClueErrorCodes.CLUE_REJECTED_BY_ACTOR, `you rejected transfer ${this.transferId}`, this.field)
      : new DomainError(ClueErrorCodes.MUST_ACKNOWLEDGE_FIRST, `acknowledge transfer ${this.transferId} first`, this.field);
  }
}

/**
 * Working on a received clue (forwarding, investigating) needs at least one acknowledged
 * transfer of it; a department that rejected every transfer to it has declined the clue.
 */
export class MustHaveAcknowledgedATransfer extends BusinessRule {
  constructor(
    private readonly state: ClueState,
    private readonly actor: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return transfersToWithStatus(this.state, this.actor, 'acknowledged').length === 0;
  }
  error(): DomainError {
    const received = transfersTo(this.state, this.actor);
    const allRejected = received.length > 0 && received.every((t) => t.recipients[this.actor]?.status === 'rejected');
    return allRejected
      ? new DomainError(ClueErrorCodes.CLUE_REJECTED_BY_ACTOR, 'you rejected every transfer of this clue to you')
      : new DomainError(ClueErrorCodes.MUST_ACKNOWLEDGE_FIRST, 'acknowledge a transfer of this clue first');
  }
}

/** When the transfer is not named, it is inferred only if exactly one fits. */
export class ReceivedTransferMustBeUnambiguous extends BusinessRule {
  constructor(
    private readonly candidates: readonly TransferState[],
    private readonly field: 'transferId' | 'viaTransferId',
  ) {
    super();
  }
  isBroken(): boolean {
    return this.candidates.length > 1;
  }
  error(): DomainError {
    return new DomainError(
      ClueErrorCodes.AMBIGUOUS_TRANSFER,
      `name the transfer in ${this.field}: one of ${this.candidates.map((t) => t.transferId).join(', ')}`,
      this.field,
    );
  }
}
