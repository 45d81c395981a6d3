import type { SubjectRef } from '@cluebus/contracts';
import { subjectRefOf } from '../../case/subject-refs';
import { DomainError } from '../../domain-error';
import { ClueErrorCodes } from '../clue-error-codes';
import type { ClueState } from '../clue-state';
import { BusinessRule } from './business-rule';

/** The references of a clue's subjects, in the order of its ClueRegistered (what `subjects` may name). */
export function clueSubjectRefs(state: ClueState): SubjectRef[] {
  return state.subjects.map((s, i) => subjectRefOf(state.clueId, i, s));
}

/**
 * An investigation or finding scoped to some subjects (行贿受贿一起查: which side is pursued,
 * which side is found against) names subjects of this clue, by the references GET /v1/cases/:id
 * lists; a stranger's reference would make the one-sided check see a pursuit that is not there.
 */
export class ScopedSubjectsMustBelongToClue extends BusinessRule {
  constructor(
    private readonly state: ClueState,
    private readonly subjects: readonly SubjectRef[] | undefined,
  ) {
    super();
  }
  private firstStranger(): number {
    if (this.subjects === undefined) return -1;
    const known = new Set(clueSubjectRefs(this.state));
    return this.subjects.findIndex((ref) => !known.has(ref));
  }
  isBroken(): boolean {
    return this.firstStranger() >= 0;
  }
  error(): DomainError {
    const i = this.firstStranger();
    return new DomainError(ClueErrorCodes.SUBJECT_NOT_IN_CLUE, `${this.subjects![i]} is not a subject of clue ${this.state.clueId}`, `subjects[${i}]`);
  }
}
