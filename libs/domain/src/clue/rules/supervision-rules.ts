import { departmentCodeOf, isDepartmentInstance } from '@cluebus/contracts/departments';
import { DomainError } from '../../domain-error';
import { ClueErrorCodes } from '../clue-error-codes';
import type { ClueState, TransferState } from '../clue-state';
import { BusinessRule } from './business-rule';
import { parseDeadline } from './transfer-rules';

/** The lead unit (牵头单位) that supervises transfers (督办). */
export const LEAD_UNIT_CODE = 'nhc';

/** Recipients of a transfer whose answer is still outstanding: pending, or acknowledged without feedback. */
export function openRecipients(transfer: TransferState): string[] {
  return transfer.to.filter((r) => {
    const s = transfer.recipients[r];
    return s !== undefined && (s.status === 'pending' || (s.status === 'acknowledged' && !s.feedbackSent));
  });
}

/** Only an instance of the lead unit (nhc) issues 督办. */
export class OnlyLeadUnitMaySupervise extends BusinessRule {
  constructor(private readonly actor: string) {
    super();
  }
  isBroken(): boolean {
    return !isDepartmentInstance(this.actor) || departmentCodeOf(this.actor) !== LEAD_UNIT_CODE;
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.ONLY_LEAD_UNIT_MAY_SUPERVISE, `only the lead unit (${LEAD_UNIT_CODE}) may supervise a transfer`, undefined, 'forbidden');
  }
}

/** 督办 presses a transfer of the clue some recipient of which has not answered yet. */
export class SupervisionNeedsOpenTransfer extends BusinessRule {
  constructor(
    private readonly state: ClueState,
    private readonly transferId: string,
  ) {
    super();
  }
  private transfer(): TransferState | undefined {
    return this.state.transfers[this.transferId];
  }
  isBroken(): boolean {
    const t = this.transfer();
    return t === undefined || openRecipients(t).length === 0;
  }
  error(): DomainError {
    if (this.transfer() === undefined) {
      return new DomainError(ClueErrorCodes.TRANSFER_NOT_FOUND, `transfer ${this.transferId} not found`, 'transferId', 'not-found');
    }
    return new DomainError(ClueErrorCodes.SUPERVISION_NEEDS_OPEN_TRANSFER, `every recipient of transfer ${this.transferId} has answered it: nothing to supervise`);
  }
}

/** 督办 says what it presses for. */
export class SupervisionNoteIsRequired extends BusinessRule {
  constructor(private readonly note: string) {
    super();
  }
  isBroken(): boolean {
    return typeof this.note !== 'string' || this.note.trim() === '';
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.NOTE_REQUIRED, 'a supervision note is required', 'note');
  }
}

export class DueByMustBeIsoDateTime extends BusinessRule {
  constructor(private readonly dueBy: string) {
    super();
  }
  isBroken(): boolean {
    return parseDeadline(this.dueBy) === undefined;
  }
  error(): DomainError {
    return new DomainError(
      ClueErrorCodes.INVALID_DEADLINE,
      `dueBy must be an ISO-8601 date-time with a zone (e.g. 2026-11-20T18:00:00+08:00), got ${JSON.stringify(this.dueBy)}`,
      'dueBy',
    );
  }
}

/** The answer 督办 asks for is due after the decision time. */
export class DueByMustBeInFuture extends BusinessRule {
  constructor(
    private readonly dueBy: string,
    private readonly now: Date,
  ) {
    super();
  }
  isBroken(): boolean {
    const t = parseDeadline(this.dueBy);
    return t !== undefined && t <= this.now.getTime();
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.DUE_BY_NOT_IN_FUTURE, `dueBy ${this.dueBy} must be later than now (${this.now.toISOString()})`, 'dueBy');
  }
}
