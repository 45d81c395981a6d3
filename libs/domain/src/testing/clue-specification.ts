import type { ClueEvent } from '@cluebus/contracts';
import type { ClueCommand } from '../clue/clue-commands';
import { initialClueState, evolveClue, type ClueState } from '../clue/clue-state';
import { decideClue } from '../clue/decide-clue';
import type { RoutingPolicy } from '../routing/routing-policy';
import { DeciderSpecification, type Decider } from './decider-specification';

/** A fixed decision time for tests: 2026-11-10T02:00:00Z (10:00 in Beijing). */
export const TEST_NOW = new Date('2026-11-10T02:00:00.000Z');

/** The Clue decider with a routing policy bound (or none). */
export function clueDecider(policy?: RoutingPolicy): Decider<ClueCommand, ClueEvent, ClueState, { actor: string; now?: Date }> {
  return {
    decide: (command, state, { actor, now = TEST_NOW }) => decideClue(command, state, { actor, now }, policy),
    evolve: evolveClue,
    initialState: initialClueState,
  };
}

/**
 * given(events).when(command, actor).then(events) / .thenThrows(code, {field, kind}).
 * The actor is the department instance `code:region`; `now` defaults to TEST_NOW.
 */
export function clueSpecification(options: { policy?: RoutingPolicy; now?: Date } = {}) {
  const given = DeciderSpecification.for(clueDecider(options.policy));
  return (...events: ClueEvent[]) => ({
    when: (command: ClueCommand, actor: string, now: Date = options.now ?? TEST_NOW) => given(events).when(command, { actor, now }),
  });
}
