import { CN_CALENDAR, UnknownCalendarYearError } from '../calendar/calendar-data';
import { chinaDate, CN_WORKING_DAYS, endOfChinaDay, WorkingDayCalendar } from './working-day-calendar';

const cal = CN_WORKING_DAYS;
/** An instant given with China's fixed offset, so the host's time zone plays no part. */
const cst = (local: string): Date => new Date(`${local}+08:00`);

describe('WorkingDayCalendar (Asia/Shanghai, national calendar data)', () => {
  it('is built from the 2026 notice only (no year is invented)', () => {
    expect([CN_CALENDAR.firstYear, CN_CALENDAR.lastYear]).toEqual([2026, 2026]);
  });

  it('a plain week: Monday + 5 working days is the end of next Monday, China time', () => {
    const d = cal.deadline(cst('2026-03-09T10:00:00'), 5);
    expect(d).toEqual({ at: new Date('2026-03-16T15:59:59.999Z'), lastDay: '2026-03-16', provisional: false });
    expect(cal.addDays(cst('2026-03-09T10:00:00'), 5).toISOString()).toBe('2026-03-16T15:59:59.999Z');
  });

  it('uses the China date of the instant: 2026-03-13 17:00Z is already Saturday 14th in China', () => {
    // Friday 13th + 1 = Monday 16th; from Saturday 14th (China) + 1 = Monday 16th too; from Thursday + 1 = Friday.
    expect(cal.deadline(new Date('2026-03-12T15:00:00Z'), 1).lastDay).toBe('2026-03-13'); // 23:00 Thursday in China
    expect(cal.deadline(new Date('2026-03-12T16:00:00Z'), 1).lastDay).toBe('2026-03-16'); // 00:00 Friday in China
  });

  it('across the Spring Festival: 2026-02-13 + 5 → 14 (working Saturday), 24, 25, 26, 27 Feb', () => {
    const d = cal.deadline(cst('2026-02-13T09:30:00'), 5);
    expect(d.lastDay).toBe('2026-02-27');
    expect(d.at.toISOString()).toBe('2026-02-27T15:59:59.999Z');
    expect(cal.deadline(cst('2026-02-13T09:30:00'), 1).lastDay).toBe('2026-02-14');
    expect(cal.deadline(cst('2026-02-13T09:30:00'), 2).lastDay).toBe('2026-02-24');
  });

  it('the 2026-02-28 working Saturday counts: 2026-02-27 + 1 is Saturday the 28th', () => {
    expect(cal.deadline(cst('2026-02-27T12:00:00'), 1).lastDay).toBe('2026-02-28');
  });

  it('across National Day: 2026-09-30 + 5 → 8, 9, 10 (working Saturday), 12, 13 Oct', () => {
    const d = cal.deadline(cst('2026-09-30T16:00:00'), 5);
    expect(d).toEqual({ at: new Date('2026-10-13T15:59:59.999Z'), lastDay: '2026-10-13', provisional: false });
  });

  it('the 2026-09-20 working Sunday counts, 中秋 (25 Sep, a Friday) does not', () => {
    expect(cal.deadline(cst('2026-09-19T08:00:00'), 1).lastDay).toBe('2026-09-20');
    expect(cal.deadline(cst('2026-09-24T08:00:00'), 1).lastDay).toBe('2026-09-28');
  });

  it('0 days is the end of the same China day', () => {
    expect(cal.addDays(cst('2026-03-09T00:00:00'), 0).toISOString()).toBe('2026-03-09T15:59:59.999Z');
  });

  it('past the data: a transfer on 2026-12-02 with 30 working days counts Mon–Fri into 2027 and is provisional', () => {
    const d = cal.deadline(cst('2026-12-02T10:00:00'), 30);
    // Dec 3–31 2026: 21 working days (no holiday in the data); then 9 Mon–Fri days of 2027: Jan 1, 4–8, 11–13.
    expect(d).toEqual({ at: new Date('2027-01-13T15:59:59.999Z'), lastDay: '2027-01-13', provisional: true });
    expect(cal.deadline(cst('2026-12-02T10:00:00'), 5)).toMatchObject({ lastDay: '2026-12-09', provisional: false });
  });

  it('refuses what it cannot know: a lookup in a year without data, a count starting before the data', () => {
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    expect(cal.isWorkingDay('2026-10-01')).toBe(false);
    expect(cal.isWorkingDay('2026-03-09')).toBe(true);
    expect(cal.isWorkingDay('2026-03-14')).toBe(false);
    expect(() => cal.isWorkingDay('2027-01-04')).toThrow(UnknownCalendarYearError);
    expect(() => cal.deadline(cst('2025-12-30T10:00:00'), 1)).toThrow(UnknownCalendarYearError);
    expect(() => cal.deadline(cst('2025-12-30T10:00:00'), 1)).toThrow('no data for 2025');
  });

  it('refuses a bad period or instant', () => {
    expect(() => cal.addDays(cst('2026-03-09T10:00:00'), -1)).toThrow(RangeError);
    expect(() => cal.addDays(cst('2026-03-09T10:00:00'), 1.5)).toThrow(RangeError);
    expect(() => cal.addDays(new Date('nope'), 1)).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError);
  });

  it('does not depend on the host time zone', () => {
    const before = process.env.TZ;
    try {
      for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz;
        expect(new WorkingDayCalendar().addDays(cst('2026-02-13T23:30:00'), 5).toISOString()).toBe('2026-02-27T15:59:59.999Z');
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('helpers: chinaDate and endOfChinaDay use +08:00', () => {
    expect(chinaDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(endOfChinaDay('2026-01-01').toISOString()).toBe('2026-01-01T15:59:59.999Z');
  });
});
