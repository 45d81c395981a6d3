import { canSee, type ClueState } from '../../clue/clue-state';
import { BusinessRule } from '../../clue/rules/business-rule';
import { DomainError } from '../../domain-error';
import { CaseErrorCodes } from '../case-error-codes';
import type { CaseState } from '../case-state';

/** A case has a title (案件名称). */
export class CaseTitleIsRequired extends BusinessRule {
  constructor(private readonly title: string) {
    super();
  }
  isBroken(): boolean {
    return typeof this.title !== 'string' || this.title.trim() === '';
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.TITLE_REQUIRED, 'a case title is required', 'title');
  }
}

/** A case groups at least one clue. */
export class CaseMustHaveClues extends BusinessRule {
  constructor(private readonly clueIds: readonly string[]) {
    super();
  }
  isBroken(): boolean {
    return this.clueIds.length === 0;
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.CLUES_REQUIRED, 'a case groups at least one clue', 'clueIds');
  }
}

export class CaseCluesMustBeDistinct extends BusinessRule {
  constructor(private readonly clueIds: readonly string[]) {
    super();
  }
  private twice(): string | undefined {
    return this.clueIds.find((id, i) => this.clueIds.indexOf(id) !== i);
  }
  isBroken(): boolean {
    return this.twice() !== undefined;
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.CLUE_LISTED_TWICE, `clue ${this.twice()} is listed twice`, 'clueIds');
  }
}

/**
 * A clue named by a command must be one the actor sees (a department sees only clues sent to
 * it or by it). A missing clue and a hidden one get the same answer; the field names the clue's
 * place in the request.
 */
abstract class NamedClueMustBeVisible extends BusinessRule {
  constructor(
    private readonly clue: ClueState | undefined,
    private readonly actor: string,
    private readonly field: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.clue === undefined || !canSee(this.clue, this.actor);
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.CLUE_NOT_FOUND, `${this.field}: no such clue visible to ${this.actor}`, this.field);
  }
}

/** The lead opens a case only over clues it can see (sent to it or by it). */
export class ClueMustBeVisibleToOpener extends NamedClueMustBeVisible {}

/** A clue is attached only by a department that can see it. */
export class AttachedClueMustBeVisibleToActor extends NamedClueMustBeVisible {}

/** A clue is in a case once. */
export class ClueMayBeAttachedOnce extends BusinessRule {
  constructor(
    private readonly state: CaseState,
    private readonly clueId: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.state.clueIds.includes(this.clueId);
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.CLUE_ALREADY_ATTACHED, `clue ${this.clueId} is already part of case ${this.state.caseId}`);
  }
}
