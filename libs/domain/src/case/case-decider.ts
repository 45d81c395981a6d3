import type { CaseEvent } from '@cluebus/contracts';
import type { Decider } from '../decider';
import type { CaseCommand, CaseDecisionContext } from './case-commands';
import { evolveCase, initialCaseState, type CaseState } from './case-state';
import { decideCase } from './decide-case';

/** The Case aggregate (一案多查) as a Decider: what the one command path (and DeciderSpecification) runs. */
export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState, CaseDecisionContext> = {
  initialState: initialCaseState,
  evolve: evolveCase,
  decide: decideCase,
};
