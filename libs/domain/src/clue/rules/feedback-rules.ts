import { DomainError } from '../../domain-error';
import { ClueErrorCodes } from '../clue-error-codes';
import { transfersToWithStatus, type ClueState, type InvestigationTrack } from '../clue-state';
import { BusinessRule } from './business-rule';
import { RequiresRecordedFinding } from './investigation-rules';

/** Feedback answers a received transfer; the registrar investigating its own clue received none. */
export class RegistrarHasNothingToAnswer extends BusinessRule {
  constructor(
    private readonly state: ClueState,
    private readonly actor: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.state.registeredBy === this.actor;
  }
  error(): DomainError {
    return new DomainError(
      ClueErrorCodes.NOTHING_TO_ANSWER,
      'the registering department received no transfer of this clue, so it has nothing to send feedback on',
    );
  }
}

/** 反馈 reports a finding (属实/部分属实/不属实/无法查实). */
export class FeedbackRequiresFinding extends RequiresRecordedFinding {
  protected readonly code = ClueErrorCodes.FEEDBACK_REQUIRES_FINDING;
  protected readonly step = 'sending feedback';
}

/** A clue found (partly) substantiated is fed back with what was done about it. */
export class FeedbackRequiresDisposition extends BusinessRule {
  constructor(private readonly track: InvestigationTrack | undefined) {
    super();
  }
  isBroken(): boolean {
    const result = this.track?.finding?.result;
    return (result === 'substantiated' || result === 'partly-substantiated') && this.track?.measures === undefined;
  }
  error(): DomainError {
    return new DomainError(
      ClueErrorCodes.FEEDBACK_REQUIRES_DISPOSITION,
      `the finding is ${this.track?.finding?.result}: decide a disposition before sending feedback`,
    );
  }
}

/**
 * One feedback per received transfer. With no transfer named: broken when every transfer the
 * actor acknowledged has been answered already.
 */
export class FeedbackOncePerReceivedTransfer extends BusinessRule {
  constructor(
    private readonly state: ClueState,
    private readonly actor: string,
    private readonly transferId?: string,
  ) {
    super();
  }
  isBroken(): boolean {
    const answered = (transferId: string): boolean => this.state.transfers[transferId]?.recipients[this.actor]?.feedbackSent === true;
    if (this.transferId !== undefined) return answered(this.transferId);
    const acknowledged = transfersToWithStatus(this.state, this.actor, 'acknowledged');
    return acknowledged.length > 0 && acknowledged.every((t) => answered(t.transferId));
  }
  error(): DomainError {
    return this.transferId === undefined
      ? new DomainError(ClueErrorCodes.FEEDBACK_ALREADY_SENT, 'feedback was already sent on every transfer you acknowledged', 'transferId')
      : new DomainError(ClueErrorCodes.FEEDBACK_ALREADY_SENT, `feedback on transfer ${this.transferId} was already sent`, 'transferId');
  }
}
