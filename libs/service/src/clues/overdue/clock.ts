/**
 * The time deadlines are judged by: the overdue scheduler's scans, and the `now` of every clue
 * command (ClueCommandExecutor), so a deadline set, extended and missed lies on one time line. Production uses the system clock; the
 * only other one is test/support's FakeClock, handed in through createCluebusApp's overrides
 * (no setting, env variable or config field can select it).
 */
export interface Clock {
  now(): Date;
}

/** Nest token of the Clock. */
export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** What tests may replace in the module; production passes none. */
export interface CluebusOverrides {
  clock?: Clock;
}
