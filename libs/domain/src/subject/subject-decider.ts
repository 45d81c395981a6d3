import type { SubjectEvent } from '@cluebus/contracts';
import type { Decider } from '../decider';
import type { SubjectCommand, SubjectDecisionContext } from './subject-commands';
import { decideSubject } from './decide-subject';
import { evolveSubject, initialSubjectState, type SubjectState } from './subject-state';

/** The Subject aggregate (联合惩戒): one stream per sanctioned subject. */
export const subjectDecider: Decider<SubjectCommand, SubjectEvent, SubjectState, SubjectDecisionContext> = {
  initialState: initialSubjectState,
  evolve: evolveSubject,
  decide: decideSubject,
};
