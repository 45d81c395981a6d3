import type { ClueEvent } from '@cluebus/contracts';
import type { ClueCommand, DecisionContext } from '../clue/clue-commands';
import { clueDecider } from '../clue/clue-decider';
import type { DeadlineCalendar, DeadlinePeriods } from '../deadlines/deadline-calendar';
import type { RoutingPolicy } from '../routing/routing-policy';
import { DeciderSpecification } from './decider-specification';

/** A fixed decision time for tests: 2026-11-10T02:00:00Z (10:00 in Beijing). */
export const TEST_NOW = new Date('2026-11-10T02:00:00.000Z');

/** Default 签收 / 反馈 periods in tests: the service's defaults (CLUEBUS_ACK_DAYS, CLUEBUS_FEEDBACK_DAYS). */
export const TEST_DEADLINES: DeadlinePeriods = { acknowledgeDays: 5, feedbackDays: 30 };

/** The DecisionContext of `actor` at `now`, with the test periods unless told otherwise. */
export function clueContext(actor: string, over: Partial<Omit<DecisionContext, 'actor'>> = {}): DecisionContext {
  return { actor, now: TEST_NOW, deadlines: TEST_DEADLINES, ...over };
}

/**
 * given(events).when(command, actor).then(events) / .thenThrows(code, {field, kind}).
 * The actor is the department instance `code:region`; `now` defaults to TEST_NOW. The real
 * clueDecider runs, with the routing policy, periods and calendar given here (or none / the
 * test periods / calendar days).
 */
export function clueSpecification(
  options: { policy?: RoutingPolicy; now?: Date; deadlines?: DeadlinePeriods; calendar?: DeadlineCalendar } = {},
) {
  const given = DeciderSpecification.for(clueDecider);
  return (...events: ClueEvent[]) => ({
    when: (command: ClueCommand, actor: string, now: Date = options.now ?? TEST_NOW) =>
      given(events).when(
        command,
        clueContext(actor, {
          now,
          deadlines: options.deadlines ?? TEST_DEADLINES,
          ...(options.calendar ? { calendar: options.calendar } : {}),
          ...(options.policy ? { routingPolicy: options.policy } : {}),
        }),
      ),
  });
}
