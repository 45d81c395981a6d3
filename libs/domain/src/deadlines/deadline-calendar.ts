/**
 * How deadline periods are counted. CALENDAR_DAYS counts 24-hour days; WorkingDayCalendar
 * (working-day-calendar.ts) counts 工作日 in Asia/Shanghai from the State Council's holiday
 * notices (calendar/cn-<year>.json). The decider depends on this interface only.
 */
export interface DeadlineCalendar {
  /** The instant `days` days after `from`, as this calendar counts days. */
  addDays(from: Date, days: number): Date;
  /**
   * The same instant, and whether it is provisional (counted past the calendar's data, so it
   * may move once that data is published). Calendars without this are never provisional.
   */
  deadline?(from: Date, days: number): { at: Date; provisional: boolean };
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

export * from './working-day-calendar';
export * from '../calendar/calendar-data';
