import type { SubjectRef } from '@cluebus/contracts';
import type { ClueState } from '../../clue/clue-state';
import { BusinessRule } from '../../clue/rules/business-rule';
import { DomainError } from '../../domain-error';
import { CaseErrorCodes } from '../case-error-codes';
import type { CaseState } from '../case-state';
import { briberyPairs, caseSubjects } from '../subject-refs';
import { departmentCodeOf, isDepartmentInstance } from '@cluebus/contracts';

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

/** A one-sided flag is about one of the case's bribery pairs (derived from its clues or linked by hand). */
export class FlaggedPairMustBeOfCase extends BusinessRule {
  constructor(
    private readonly state: CaseState,
    private readonly clues: Readonly<Record<string, ClueState>>,
    private readonly briber: SubjectRef,
    private readonly bribeTaker: SubjectRef,
  ) {
    super();
  }
  isBroken(): boolean {
    return !briberyPairs(this.state, this.clues).some((p) => p.briber === this.briber && p.bribeTaker === this.bribeTaker);
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.BRIBERY_PAIR_NOT_IN_CASE, `${this.briber} → ${this.bribeTaker} is not a bribery pair of case ${this.state.caseId}`, 'briber');
  }
}

/** 行贿受贿一起查: a pair is flagged one-sided once; a second check (restart, replica) records nothing. */
export class OneSidedFlagMayBeRecordedOnce extends BusinessRule {
  constructor(
    private readonly state: CaseState,
    private readonly briber: SubjectRef,
    private readonly bribeTaker: SubjectRef,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.state.flags.some((f) => f.briber === this.briber && f.bribeTaker === this.bribeTaker);
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.ONE_SIDED_ALREADY_FLAGGED, `${this.briber} → ${this.bribeTaker} is already flagged one-sided on case ${this.state.caseId}`);
  }
}

/** The matter goes to 纪检监察 (ccdi): seeds 002/004 — the commission pursues the side others left. */
export class OneSidedMatterGoesToCcdi extends BusinessRule {
  constructor(private readonly recipient: string) {
    super();
  }
  isBroken(): boolean {
    return !isDepartmentInstance(this.recipient) || departmentCodeOf(this.recipient) !== 'ccdi';
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.FLAG_RECIPIENT_MUST_BE_CCDI, `a one-sided bribery matter is handed to a ccdi instance, not ${this.recipient}`, 'recipient');
  }
}

/** A flag cites the substantiated findings it rests on. */
export class OneSidedFlagCitesFindings extends BusinessRule {
  constructor(private readonly findingEventIds: readonly string[]) {
    super();
  }
  isBroken(): boolean {
    return this.findingEventIds.length === 0;
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.FLAG_EVIDENCE_REQUIRED, 'a one-sided flag cites at least one finding event', 'findingEventIds');
  }
}
