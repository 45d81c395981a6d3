import { calendarYear, CN_CALENDAR, UnknownCalendarYearError, weekdayOf, type CalendarData } from '../calendar/calendar-data';
import type { DeadlineCalendar } from './deadline-calendar';

/** China Standard Time: UTC+08:00 all year (no daylight saving since 1991), so a fixed offset is exact. */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** A deadline counted in working days. */
export interface WorkingDayDeadline {
  /** The end of the last working day, 23:59:59.999 China time. */
  at: Date;
  /** That working day, local date `YYYY-MM-DD` in Asia/Shanghai. */
  lastDay: string;
  /**
   * True when the count ran past the last year the calendar holds: those days were counted
   * Monday–Friday, without the holidays and 调休 of a notice not yet published. The deadline
   * may move once the year's `cn-<year>.json` is added.
   */
  provisional: boolean;
}

/**
 * 工作日 in Asia/Shanghai from the national calendar data (calendar/cn-<year>.json).
 *
 * `addDays(from, n)`: the end (23:59:59.999 China time) of the n-th working day after the China
 * date of `from` — the day of `from` itself does not count, as a period "within 5 working days"
 * starts the next day. n = 0 is the end of `from`'s own day. Host time zone plays no part: every
 * date is computed from the UTC instant shifted by the fixed +08:00.
 *
 * Past the data (the rule chosen): the count does not stop. Days after the last known year are
 * counted Monday–Friday and the result is marked `provisional` (`deadline()`): a transfer made
 * in December with a 30-working-day feedback period must be possible before the State Council
 * publishes next year's notice (it does so in November, sometimes later), and refusing would stop
 * every department's work for weeks each winter. Guessing holidays would be worse than weekdays:
 * the error is bounded (next year's 元旦 / 春节 can only make the real deadline later, never
 * earlier, apart from rare 调休 Saturdays). Before the first known year, and for `isWorkingDay`
 * of any unknown year, the calendar refuses (UnknownCalendarYearError): no deadline is counted
 * from the past, and a lookup must not pass a guess off as data.
 */
export class WorkingDayCalendar implements DeadlineCalendar {
  constructor(private readonly data: CalendarData = CN_CALENDAR) {}

  addDays(from: Date, days: number): Date {
    return this.deadline(from, days).at;
  }

  deadline(from: Date, days: number): WorkingDayDeadline {
    if (Number.isNaN(from.getTime())) throw new RangeError('working-day calendar: from is no valid date');
    if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`working-day calendar: days must be a whole number ≥ 0 (is ${days})`);
    let day = chinaDate(from);
    let provisional = false;
    for (let left = days; left > 0; ) {
      day = nextDate(day);
      const kind = this.kindOf(day);
      provisional ||= kind.provisional;
      if (kind.working) left--;
    }
    return { at: endOfChinaDay(day), lastDay: day, provisional };
  }

  /** Whether the local China date `YYYY-MM-DD` is a working day; refuses a year without data. */
  isWorkingDay(date: string): boolean {
    const kind = this.kindOf(date);
    if (kind.provisional) throw new UnknownCalendarYearError(Number(date.slice(0, 4)), this.data);
    return kind.working;
  }

  private kindOf(date: string): { working: boolean; provisional: boolean } {
    const weekday = weekdayOf(date);
    if (weekday === undefined) throw new RangeError(`working-day calendar: ${date} is no date`);
    const year = Number(date.slice(0, 4));
    const weekend = weekday === 0 || weekday === 6;
    if (year > this.data.lastYear) return { working: !weekend, provisional: true };
    const y = calendarYear(this.data, year); // before the first year: refused
    if (y.holidays.has(date)) return { working: false, provisional: false };
    if (y.workingWeekends.has(date)) return { working: true, provisional: false };
    return { working: !weekend, provisional: false };
  }
}

/** The local date `YYYY-MM-DD` in China of an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** 23:59:59.999 China time of a local date, as an instant. */
export function endOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + DAY_MS - 1 - CHINA_OFFSET_MS);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The national working-day calendar from the shipped data. */
export const CN_WORKING_DAYS: WorkingDayCalendar = new WorkingDayCalendar();
