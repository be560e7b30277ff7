// Calendar days as YYYY-MM-DD strings. The arithmetic runs in UTC on purpose: a day string means the same
// day everywhere, so the server and the browser agree on which week `?week=` names whatever their time zones.

const DAY_MS = 24 * 60 * 60 * 1000;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
// Inside the years every date input accepts (lib/validation.ts), with two weeks to spare: a page shows the
// week around the day and asks for a day more on each side. Compared as text (YYYY-MM-DD sorts by date), so
// browser code using these helpers does not load the validation schemas.
const FIRST_DAY = '1900-01-15';
const LAST_DAY = '9999-12-15';

export function isDayString(value: string | undefined | null): value is string {
  if (!value || !dayPattern.test(value) || value < FIRST_DAY || value > LAST_DAY) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of the week the day falls in (weeks start on Monday). */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

export function weekDays(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** Today's date where the code runs: the browser's zone on the client, the server's (UTC in practice) there. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight starting a day, in the zone the code runs in (days are 23 or 25 hours at DST changes). */
export function localMidnight(day: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date);
}
