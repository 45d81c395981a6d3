import { DomainError } from '../../domain-error';
import { BusinessRule } from '../../clue/rules/business-rule';
import { SubjectErrorCodes } from '../subject-error-codes';
import type { SanctionState, SubjectState } from '../subject-state';

export class SanctionIdMustBeNew extends BusinessRule {
  constructor(
    private readonly state: SubjectState,
    private readonly sanctionId: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.sanctionId in this.state.sanctions;
  }
  error(): DomainError {
    return new DomainError(SubjectErrorCodes.SANCTION_ALREADY_EXISTS, `sanction ${this.sanctionId} exists already`);
  }
}

export class SanctionMustExist extends BusinessRule {
  constructor(private readonly sanction: SanctionState | undefined) {
    super();
  }
  isBroken(): boolean {
    return !this.sanction;
  }
  error(): DomainError {
    return new DomainError(SubjectErrorCodes.SANCTION_NOT_FOUND, 'sanction not found', 'id', 'not-found');
  }
}

/** Revoked, expired or repaired is final: a sanction ends once. */
export class SanctionMustBeInForce extends BusinessRule {
  constructor(private readonly sanction: SanctionState) {
    super();
  }
  isBroken(): boolean {
    return this.sanction.status !== 'in-force';
  }
  error(): DomainError {
    return new DomainError(SubjectErrorCodes.SANCTION_ALREADY_ENDED, `sanction ${this.sanction.sanctionId} is ${this.sanction.status} (since ${this.sanction.endedOn})`);
  }
}

/** The department instance that applies a sanction is the one that revokes or repairs it. */
export class OnlySanctioningDepartmentMayEnd extends BusinessRule {
  constructor(
    private readonly sanction: SanctionState,
    private readonly actor: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.sanction.department !== this.actor;
  }
  error(): DomainError {
    return new DomainError(SubjectErrorCodes.NOT_THE_SANCTIONING_DEPARTMENT, `only ${this.sanction.department} may end sanction ${this.sanction.sanctionId}`, undefined, 'forbidden');
  }
}

/** A record of the memorandum follows its trigger: revoked, repaired or expired with it. */
export class TriggeredRecordEndsWithTrigger extends BusinessRule {
  constructor(private readonly sanction: SanctionState) {
    super();
  }
  isBroken(): boolean {
    return this.sanction.triggerSanctionId !== undefined;
  }
  error(): DomainError {
    return new DomainError(SubjectErrorCodes.TRIGGERED_RECORD_ENDS_WITH_TRIGGER, `sanction ${this.sanction.sanctionId} was triggered by ${this.sanction.triggerSanctionId} and ends with it`);
  }
}

/** Expiry is recorded from the day after the last day in force, and only for a sanction that has one. */
export class SanctionMustBeDueToExpire extends BusinessRule {
  constructor(
    private readonly sanction: SanctionState,
    private readonly today: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.sanction.endsOn === undefined || this.today <= this.sanction.endsOn;
  }
  error(): DomainError {
    return new DomainError(SubjectErrorCodes.SANCTION_NOT_DUE_TO_EXPIRE, `sanction ${this.sanction.sanctionId} is in force until ${this.sanction.endsOn ?? 'revoked or repaired'}`);
  }
}
