import { isDepartmentInstance } from '@cluebus/contracts/departments';
import { DomainError } from '../../domain-error';
import { ClueErrorCodes } from '../clue-error-codes';
import { canSee, type ClueState } from '../clue-state';
import { BusinessRule } from './business-rule';

/** Whoever acts is a department instance `code:region`. */
export class ActorMustBeDepartmentInstance extends BusinessRule {
  constructor(private readonly actor: string) {
    super();
  }
  isBroken(): boolean {
    return !isDepartmentInstance(this.actor);
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.INVALID_ACTOR, `actor must be a department instance code:region, got ${JSON.stringify(this.actor)}`, undefined, 'forbidden');
  }
}

/** A clue is registered once. */
export class ClueMustNotAlreadyExist extends BusinessRule {
  constructor(private readonly state: ClueState) {
    super();
  }
  isBroken(): boolean {
    return this.state.exists;
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.CLUE_ALREADY_EXISTS, `clue ${this.state.clueId} is already registered`, 'clueId');
  }
}

/**
 * A department sees only clues sent to it or by it. A clue that does not exist and a clue the
 * actor may not see get the same answer, so the refusal does not reveal that it exists.
 */
export class ClueMustBeVisibleToActor extends BusinessRule {
  constructor(
    private readonly state: ClueState,
    private readonly actor: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return !canSee(this.state, this.actor);
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.CLUE_NOT_FOUND, 'clue not found', undefined, 'not-found');
  }
}
