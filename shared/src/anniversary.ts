// "Is today the anniversary of this date?" — a birthday, a signup day — as the `is_anniversary`
// rule operator asks it: the date's month and day against today's in a time zone. A date written
// as `YYYY-MM-DD…` keeps the month and day it says (a birthday has no time zone); anything else
// that parses as a date is read in UTC. 29 February counts on 28 February in other years.

const DATE_PREFIX = /^\d{4}-(\d\d)-(\d\d)/;

/** `MM-DD` of a date value (text, epoch ms or Date), or null when it is no date. */
export function monthDay(value: unknown): string | null {
  if (typeof value === 'string') {
    const prefix = DATE_PREFIX.exec(value.trim());
    if (prefix) return `${prefix[1]}-${prefix[2]}`;
    if (value.trim() === '') return null;
  }
  const time = value instanceof Date ? value.getTime()
    : typeof value === 'number' ? value
      : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time)) return null;
  return new Date(time).toISOString().slice(5, 10);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Today's `YYYY-MM-DD` in a time zone (UTC for a zone Intl does not know). */
function localDate(now: Date, timezone: string): string {
  let format = formatters.get(timezone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      return now.toISOString().slice(0, 10);
    }
    formatters.set(timezone, format);
  }
  return format.format(now);
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The `MM-DD`s whose anniversary is today in `timezone`: today's, and 02-29 on 28 February of a common year. */
export function anniversariesToday(now: Date, timezone: string): string[] {
  const today = localDate(now, timezone);
  const md = today.slice(5, 10);
  return md === '02-28' && !isLeapYear(Number(today.slice(0, 4))) ? [md, '02-29'] : [md];
}

export function isAnniversary(value: unknown, now: Date, timezone: string): boolean {
  const md = monthDay(value);
  return md !== null && anniversariesToday(now, timezone).includes(md);
}
