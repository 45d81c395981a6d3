import { chinaDate, WorkingDayCalendar } from '@cluebus/domain/deadlines/working-day-calendar';

const calendar = new WorkingDayCalendar();

/**
 * Working days (工作日, national calendar) from today to a deadline: 0 on its own last day,
 * negative once passed. Counted with the domain's calendar so the page and the service agree.
 */
export function workingDaysLeft(deadline: string, now = new Date()): number {
  const end = chinaDate(new Date(deadline));
  let day = chinaDate(now);
  if (day === end) return 0;
  const step = day < end ? 1 : -1;
  let n = 0;
  for (let guard = 0; day !== end && guard < 2000; guard++) {
    day = new Date(Date.parse(`${day}T00:00:00Z`) + step * 86_400_000).toISOString().slice(0, 10);
    let working: boolean;
    try {
      working = calendar.isWorkingDay(day);
    } catch {
      const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
      working = wd !== 0 && wd !== 6;
    }
    if (working) n += step;
  }
  return n;
}
