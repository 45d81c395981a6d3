/**
 * How deadline periods are counted. The seam for working-day calendars (工作日, with each
 * region's public holidays and make-up working days): they will implement this interface and
 * the decider will not change. Until then every period is counted in calendar days.
 */
export interface DeadlineCalendar {
  /** The instant `days` days after `from`, as this calendar counts days. */
  addDays(from: Date, days: number): Date;
}

/** Calendar days of exactly 24 hours: the rule the bus has always applied (now + n × 86 400 s). */
export const CALENDAR_DAYS: DeadlineCalendar = {
  addDays: (from, days) => new Date(from.getTime() + days * 86_400_000),
};

/** Default periods of a transfer or forward that names no deadline of its own: 签收 and 反馈. */
export interface DeadlinePeriods {
  acknowledgeDays: number;
  feedbackDays: number;
}
