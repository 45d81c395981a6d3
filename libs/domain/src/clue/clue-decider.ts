import type { ClueEvent } from '@cluebus/contracts';
import type { Decider } from '../decider';
import type { ClueCommand, DecisionContext } from './clue-commands';
import { evolveClue, initialClueState, type ClueState } from './clue-state';
import { decideClue } from './decide-clue';

/** The Clue aggregate as a Decider: what the one command path (and DeciderSpecification) runs. */
export const clueDecider: Decider<ClueCommand, ClueEvent, ClueState, DecisionContext> = {
  initialState: initialClueState,
  evolve: evolveClue,
  decide: decideClue,
};
