import { DomainError } from '../../domain-error';
import type { ClueState } from '../../clue/clue-state';
import { BusinessRule } from '../../clue/rules/business-rule';
import { CaseErrorCodes } from '../case-error-codes';
import { canSeeCase, isCaseParticipant, type CaseState } from '../case-state';

/** A case is opened once: a second OpenCase on its stream is refused. */
export class CaseMustNotAlreadyExist extends BusinessRule {
  constructor(private readonly state: CaseState) {
    super();
  }
  isBroken(): boolean {
    return this.state.exists;
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.CASE_ALREADY_EXISTS, `case ${this.state.caseId} is already open`);
  }
}

/**
 * Who may see a case: its lead, the departments with a track and those that see one of its
 * clues. A case that does not exist and one the actor may not see get the same answer, so the
 * refusal does not reveal that it exists.
 */
export class CaseMustBeVisibleToActor extends BusinessRule {
  constructor(
    private readonly state: CaseState,
    private readonly actor: string,
    private readonly clues: Readonly<Record<string, ClueState>>,
  ) {
    super();
  }
  isBroken(): boolean {
    return !canSeeCase(this.state, this.actor, this.clues);
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.CASE_NOT_FOUND, 'case not found', undefined, 'not-found');
  }
}

/** A concluded case (已结案) takes no more clues, tracks, conclusions or pairs. */
export class CaseMustBeOpen extends BusinessRule {
  constructor(private readonly state: CaseState) {
    super();
  }
  isBroken(): boolean {
    return this.state.status !== 'open';
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.CASE_ALREADY_CONCLUDED, `case ${this.state.caseId} is concluded`);
  }
}

/** Attaching a clue or linking a pair is for the lead and the departments investigating (a track), not for every onlooker. */
export class ActorMustBeLeadOrTrackHolder extends BusinessRule {
  constructor(
    private readonly state: CaseState,
    private readonly actor: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return !isCaseParticipant(this.state, this.actor);
  }
  error(): DomainError {
    return new DomainError(
      CaseErrorCodes.NOT_A_CASE_PARTICIPANT,
      `only the lead unit (${this.state.lead}) or a department with a track on this case may do this; ${this.actor} has none`,
    );
  }
}
