import cn2026 from './cn-2026.json';
import { calendarYear, CalendarDataError, CN_CALENDAR, loadCalendar, parseCalendarYear, UnknownCalendarYearError } from './calendar-data';

const valid = (): Record<string, unknown> => structuredClone(cn2026) as unknown as Record<string, unknown>;
const problemsOf = (name: string, input: unknown): string[] => {
  try {
    parseCalendarYear(name, input);
  } catch (e) {
    expect(e).toBeInstanceOf(CalendarDataError);
    return (e as CalendarDataError).problems;
  }
  return [];
};

describe('working-day calendar data', () => {
  it('cn-2026.json: the State Council notice, 33 holiday dates and 6 working weekends', () => {
    const y = calendarYear(CN_CALENDAR, 2026);
    expect(y.source).toContain('国务院办公厅关于2026年部分节假日安排的通知');
    expect(y.holidays.size).toBe(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect([...y.workingWeekends]).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('refuses an unknown year', () => {
    expect(() => calendarYear(CN_CALENDAR, 2027)).toThrow(UnknownCalendarYearError);
    expect(() => calendarYear(CN_CALENDAR, 2027)).toThrow('no data for 2027 (known: 2026–2026)');
  });

  it.each<[string, string, unknown, string]>([
    ['a year other than the name', 'cn-2027.json', valid(), 'cn-2027.json year: must be 2027'],
    ['a file name without a year', 'cn.json', valid(), 'cn.json: file name must be cn-<year>.json'],
    ['a holiday in another year', 'cn-2026.json', { ...valid(), holidays: [{ name: '元旦', dates: ['2027-01-01'] }] }, 'holidays[0].dates[0]: 2027-01-01 is not in 2026'],
    ['a date that is no date', 'cn-2026.json', { ...valid(), holidays: [{ name: '春节', dates: ['2026-02-30'] }] }, 'holidays[0].dates[0]: "2026-02-30" is no date'],
    ['a working weekend in another year', 'cn-2026.json', { ...valid(), workingWeekends: [{ name: 'x', date: '2025-12-28' }] }, 'workingWeekends[0].date: 2025-12-28 is not in 2026'],
    ['a working "weekend" on a Monday', 'cn-2026.json', { ...valid(), workingWeekends: [{ name: 'x', date: '2026-03-09' }] }, '2026-03-09 is no Saturday or Sunday'],
    ['a date both holiday and working day', 'cn-2026.json', { ...valid(), workingWeekends: [{ name: 'x', date: '2026-02-15' }] }, '2026-02-15 is listed twice'],
    ['no source', 'cn-2026.json', { ...valid(), source: '' }, 'cn-2026.json source'],
    ['an unknown key', 'cn-2026.json', { ...valid(), holiday: [] }, 'cn-2026.json holiday: unknown key'],
    ['another time zone', 'cn-2026.json', { ...valid(), timeZone: 'UTC' }, 'cn-2026.json timeZone'],
  ])('refuses %s', (_n, name, input, problem) => {
    expect(problemsOf(name, input).join('\n')).toContain(problem);
  });

  it('loadCalendar refuses a gap between years, a repeated year and no year', () => {
    const y2028 = { ...valid(), year: 2028, holidays: [], workingWeekends: [] };
    expect(() => loadCalendar({ 'cn-2026.json': valid(), 'cn-2028.json': y2028 })).toThrow('2027 is missing');
    expect(() => loadCalendar({})).toThrow(CalendarDataError);
    expect(() => loadCalendar({ 'cn-2026.json': valid(), 'cn-2027.json': valid() })).toThrow('cn-2027.json year: must be 2027');
  });

  it('loads contiguous years', () => {
    const y2027 = { ...valid(), year: 2027, source: 'test only', holidays: [], workingWeekends: [] };
    const data = loadCalendar({ 'cn-2027.json': y2027, 'cn-2026.json': valid() });
    expect([data.firstYear, data.lastYear]).toEqual([2026, 2027]);
  });
});
