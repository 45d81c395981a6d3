import type { CaseEvent } from '@cluebus/contracts';
import type { Decider } from '../decider';
import type { CaseCommand, CaseDecisionContext } from './case-commands';
import { evolveCase, foldCase, initialCaseState, type CaseState } from './case-state';
import { decideCase } from './decide-case';

/** The Case aggregate (一案多查) as a Decider: what the one command path (and DeciderSpecification) runs. */
export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState, CaseDecisionContext> = {
  initialState: initialCaseState,
  evolve: evolveCase,
  // Every case command folds the whole case: one event at a time, a 2,000-clue case cost each
  // command ~80 ms (evolveCase copies the clue list per attachment).
  fold: foldCase,
  decide: decideCase,
};
