import type { SubjectRef } from '@cluebus/contracts';
import type { ClueState } from '../../clue/clue-state';
import { BusinessRule } from '../../clue/rules/business-rule';
import { DomainError } from '../../domain-error';
import { CaseErrorCodes } from '../case-error-codes';
import type { CaseState } from '../case-state';
import { caseSubjects } from '../subject-refs';

/** A briber does not bribe itself: the two sides of a pair are different subjects. */
export class BriberyPairSidesMustDiffer extends BusinessRule {
  constructor(
    private readonly briber: SubjectRef,
    private readonly bribeTaker: SubjectRef,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.briber === this.bribeTaker;
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.BRIBERY_PAIR_SAME_SUBJECT, 'briber and bribeTaker must be different subjects', 'bribeTaker');
  }
}

/** Each side of a pair is a subject of one of the case's clues (by reference: GET /v1/cases/:id lists them). */
export class PairSubjectMustBelongToCase extends BusinessRule {
  constructor(
    private readonly state: CaseState,
    private readonly clues: Readonly<Record<string, ClueState>>,
    private readonly ref: SubjectRef,
    private readonly field: 'briber' | 'bribeTaker',
  ) {
    super();
  }
  isBroken(): boolean {
    return !caseSubjects(this.state.clueIds, this.clues).some((s) => s.ref === this.ref);
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.SUBJECT_NOT_IN_CASE, `${this.field} ${this.ref} is not a subject of any clue of case ${this.state.caseId}`, this.field);
  }
}

/** A pair is linked by hand once (it may also be derived from a clue's subject roles; that is no refusal). */
export class BriberyPairMayBeLinkedOnce extends BusinessRule {
  constructor(
    private readonly state: CaseState,
    private readonly briber: SubjectRef,
    private readonly bribeTaker: SubjectRef,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.state.linkedPairs.some((p) => p.briber === this.briber && p.bribeTaker === this.bribeTaker);
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.BRIBERY_PAIR_ALREADY_LINKED, `${this.briber} → ${this.bribeTaker} is already linked on case ${this.state.caseId}`);
  }
}
