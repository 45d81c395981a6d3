import cn2026 from './cn-2026.json';

/**
 * One year of the national working-day calendar (全国年节及纪念日放假安排 as the State Council
 * publishes it each year): the public holidays (放假) and the weekend days that are working days
 * (调休上班). Every other Monday–Friday is a working day, every other Saturday/Sunday is not.
 */
export interface CalendarYear {
  year: number;
  region: 'CN';
  timeZone: 'Asia/Shanghai';
  /** The notice the dates are transcribed from. */
  source: string;
  /** Local dates `YYYY-MM-DD` that are no working day although Monday–Friday (or any day of a holiday). */
  holidays: ReadonlySet<string>;
  /** Local dates `YYYY-MM-DD` on a Saturday or Sunday that are working days (调休). */
  workingWeekends: ReadonlySet<string>;
}

/** The years the domain knows, contiguous from `firstYear` to `lastYear`. */
export interface CalendarData {
  firstYear: number;
  lastYear: number;
  years: ReadonlyMap<number, CalendarYear>;
}

export class CalendarDataError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid working-day calendar: ${problems.join('; ')}`);
    this.name = 'CalendarDataError';
  }
}

/** A lookup for a year the calendar has no data for (no notice published, or none shipped). */
export class UnknownCalendarYearError extends RangeError {
  constructor(readonly year: number, known: { firstYear: number; lastYear: number }) {
    super(`working-day calendar: no data for ${year} (known: ${known.firstYear}–${known.lastYear})`);
    this.name = 'UnknownCalendarYearError';
  }
}

const FILE_NAME = /^cn-(\d{4})\.json$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day of the week of a local date `YYYY-MM-DD` (0 = Sunday), or undefined when it is no date. */
export function weekdayOf(date: string): number | undefined {
  const m = ISO_DATE.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined;
  return t.getUTCDay();
}

/**
 * Checks one file `cn-<year>.json` and returns its year; throws CalendarDataError naming the
 * file and every problem: a name that is not `cn-<year>.json`, a `year` other than the name's,
 * a date that is no date or not in that year, a date listed twice, a working weekend that is no
 * Saturday/Sunday, a day both holiday and working day, unknown keys.
 */
export function parseCalendarYear(fileName: string, input: unknown): CalendarYear {
  const problems: string[] = [];
  const p = (path: string, msg: string): void => void problems.push(`${fileName} ${path}: ${msg}`);
  const named = FILE_NAME.exec(fileName);
  if (!named) throw new CalendarDataError([`${fileName}: file name must be cn-<year>.json`]);
  const year = Number(named[1]);
  if (!isObject(input)) throw new CalendarDataError([`${fileName}: must be an object`]);
  for (const k of Object.keys(input)) {
    if (!['year', 'region', 'timeZone', 'source', 'holidays', 'workingWeekends'].includes(k)) p(k, 'unknown key');
  }
  if (input.year !== year) p('year', `must be ${year}, the year in the file name (is ${JSON.stringify(input.year)})`);
  if (input.region !== 'CN') p('region', 'must be "CN"');
  if (input.timeZone !== 'Asia/Shanghai') p('timeZone', 'must be "Asia/Shanghai"');
  if (typeof input.source !== 'string' || input.source.trim() === '') p('source', 'must name the notice the dates come from');

  const seen = new Set<string>();
  const checkDate = (v: unknown, at: string): string | undefined => {
    if (typeof v !== 'string' || weekdayOf(v) === undefined) return void p(at, `${JSON.stringify(v)} is no date YYYY-MM-DD`);
    if (!v.startsWith(`${year}-`)) return void p(at, `${v} is not in ${year}`);
    if (seen.has(v)) return void p(at, `${v} is listed twice`);
    seen.add(v);
    return v;
  };

  const holidays = new Set<string>();
  if (!Array.isArray(input.holidays)) p('holidays', 'must be an array');
  else
    input.holidays.forEach((h: unknown, i: number) => {
      const at = `holidays[${i}]`;
      if (!isObject(h)) return p(at, 'must be an object {name, dates}');
      if (typeof h.name !== 'string' || h.name === '') p(`${at}.name`, 'must be a non-empty string');
      if (!Array.isArray(h.dates) || h.dates.length === 0) return p(`${at}.dates`, 'must be a non-empty array');
      h.dates.forEach((d: unknown, j: number) => {
        const date = checkDate(d, `${at}.dates[${j}]`);
        if (date) holidays.add(date);
      });
    });

  const workingWeekends = new Set<string>();
  if (!Array.isArray(input.workingWeekends)) p('workingWeekends', 'must be an array');
  else
    input.workingWeekends.forEach((w: unknown, i: number) => {
      const at = `workingWeekends[${i}]`;
      if (!isObject(w)) return p(at, 'must be an object {name, date}');
      if (typeof w.name !== 'string' || w.name === '') p(`${at}.name`, 'must be a non-empty string');
      const date = checkDate(w.date, `${at}.date`);
      if (!date) return;
      const day = weekdayOf(date);
      if (day !== 0 && day !== 6) return p(`${at}.date`, `${date} is no Saturday or Sunday`);
      workingWeekends.add(date);
    });

  if (problems.length > 0) throw new CalendarDataError(problems);
  return { year, region: 'CN', timeZone: 'Asia/Shanghai', source: input.source as string, holidays, workingWeekends };
}

/**
 * Loads the files (name → parsed JSON): each is checked by parseCalendarYear; the years must be
 * contiguous (a missing year in the middle would silently count holidays as working days).
 */
export function loadCalendar(files: Readonly<Record<string, unknown>>): CalendarData {
  const years = new Map<number, CalendarYear>();
  const problems: string[] = [];
  for (const [name, json] of Object.entries(files)) {
    try {
      const y = parseCalendarYear(name, json);
      if (years.has(y.year)) problems.push(`${name}: year ${y.year} given twice`);
      years.set(y.year, y);
    } catch (e) {
      if (e instanceof CalendarDataError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length === 0 && years.size === 0) problems.push('no calendar year given');
  const sorted = [...years.keys()].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] !== sorted[i - 1]! + 1) problems.push(`years must be contiguous: ${sorted[i - 1]! + 1} is missing`);
  }
  if (problems.length > 0) throw new CalendarDataError(problems);
  return { firstYear: sorted[0]!, lastYear: sorted[sorted.length - 1]!, years };
}

/** A year's data; UnknownCalendarYearError for a year the calendar does not hold. */
export function calendarYear(data: CalendarData, year: number): CalendarYear {
  const y = data.years.get(year);
  if (!y) throw new UnknownCalendarYearError(year, data);
  return y;
}

/**
 * The files shipped with this version of the domain. Add `cn-<year>.json` here when the State
 * Council publishes the next year's notice (usually in November). Loaded at import time, so a
 * broken file stops the process with CalendarDataError naming the file and field.
 */
export const CN_CALENDAR_FILES: Readonly<Record<string, unknown>> = { 'cn-2026.json': cn2026 };

/** The national calendar the service counts deadlines with. */
export const CN_CALENDAR: CalendarData = loadCalendar(CN_CALENDAR_FILES);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
