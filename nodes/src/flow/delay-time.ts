// The time arithmetic of flow.delay, in luxon so that time zones and DST are handled by the book.
import type { Duration } from '@tern/shared';
import { DateTime } from 'luxon';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/**
 * Adds a duration as a marketer means it: seconds to hours exactly, days and weeks as calendar
 * days in `zone`, so "1 day" after 09:00 is 09:00 the next day even across a DST change.
 */
export function addDuration(from: Date, duration: Duration, zone: string): Date {
  return valid(DateTime.fromJSDate(from, { zone }).plus({ [duration.unit]: duration.amount }), zone).toJSDate();
}

export type ParsedUntil = { ok: true; date: Date } | { ok: false; message: string };

const WALL_CLOCK = "yyyy-MM-dd'T'HH:mm:ss.SSS";

/**
 * Reads an ISO 8601 date-time: with an offset (`Z`, `+01:00`) it is that instant; without one it
 * is a wall-clock time in `zone`, and one that the zone skips (a DST gap) is refused rather than
 * silently moved. A time the zone repeats (DST end) is its first occurrence.
 */
export function parseUntil(at: string, zone: string): ParsedUntil {
  const inUtc = DateTime.fromISO(at, { zone: 'UTC' });
  if (!inUtc.isValid) {
    return { ok: false, message: `"${at}" is not an ISO 8601 date-time, e.g. 2026-12-24T09:00 or 2026-12-24T09:00:00+01:00` };
  }
  // Read in two different zones, a string that carries its own offset gives the same instant.
  if (DateTime.fromISO(at, { zone: 'UTC+1' }).toMillis() === inUtc.toMillis()) return { ok: true, date: inUtc.toJSDate() };
  const local = DateTime.fromISO(at, { zone });
  if (!local.isValid) return { ok: false, message: `"${zone}" is not a time zone` };
  // luxon moves a time inside a DST gap forward; the wall clock then differs from what was written.
  if (local.toFormat(WALL_CLOCK) !== inUtc.toFormat(WALL_CLOCK)) {
    return { ok: false, message: `${at} does not exist in ${zone}: the clocks skip it for daylight saving time` };
  }
  return { ok: true, date: local.toJSDate() };
}

export interface SendWindow {
  days: readonly Weekday[];
  /** `HH:MM`, local time. */
  from: string;
  /** `HH:MM`, or `24:00`; earlier than `from` for a window that runs past midnight. */
  to: string;
}

/**
 * The first moment at or after `now` inside a window, in `zone`: `now` itself when it is inside
 * one. A window that runs past midnight belongs to the day it starts on.
 */
export function nextWindowStart(now: Date, window: SendWindow, zone: string): Date {
  const current = valid(DateTime.fromJSDate(now, { zone }), zone);
  const overnight = minutes(window.to) <= minutes(window.from);
  // Yesterday's window may still be open (overnight); some allowed day comes within a week.
  for (let offset = -1; offset <= 7; offset++) {
    const day = current.startOf('day').plus({ days: offset });
    if (!window.days.includes(weekdays[day.weekday - 1]!)) continue;
    const start = atTime(day, window.from);
    const end = atTime(overnight ? day.plus({ days: 1 }) : day, window.to);
    if (current < start) return start.toJSDate();
    if (current < end) return now;
  }
  throw new Error('a send window needs at least one day');
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** A wall-clock time on a day; one inside a DST gap moves forward by the gap, as clocks do. */
function atTime(day: DateTime, hhmm: string): DateTime {
  if (hhmm === '24:00') return day.plus({ days: 1 }).startOf('day');
  const total = minutes(hhmm);
  return day.set({ hour: Math.floor(total / 60), minute: total % 60, second: 0, millisecond: 0 });
}

function valid(dt: DateTime, zone: string): DateTime {
  if (!dt.isValid) throw new Error(`cannot compute a time in "${zone}": ${dt.invalidExplanation ?? dt.invalidReason}`);
  return dt;
}
