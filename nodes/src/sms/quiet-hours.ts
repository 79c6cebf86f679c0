// Quiet hours for marketing SMS: no message goes out at night in the recipient's time zone.
import { isValidTimeZone, type NodeContext } from '@tern/shared';
import { nextWindowStart, weekdays } from '../flow/delay-time.js';

export interface QuietHours {
  /** `HH:MM` local time when quiet hours begin, e.g. `21:00`. */
  from: string;
  /** `HH:MM` local time when they end, e.g. `08:00`. */
  to: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { from: '21:00', to: '08:00' };

/**
 * When a message due `now` may go out: `now` outside quiet hours, else the moment they end.
 * The allowed hours are the send window from the end of quiet hours to their start, every day.
 */
export function quietHoursEnd(now: Date, quiet: QuietHours, zone: string): Date {
  return nextWindowStart(now, { days: weekdays, from: quiet.to, to: quiet.from }, zone);
}

/** The recipient's time zone: the `timezone` param, else the contact's, else the workflow's. */
export function recipientZone(ctx: NodeContext<{ timezone?: string | undefined }>): string {
  if (ctx.params.timezone) return ctx.params.timezone;
  const zone = ctx.contact?.timezone;
  if (typeof zone === 'string' && isValidTimeZone(zone)) return zone;
  if (zone) ctx.log.warn(`the contact's time zone "${String(zone)}" is not valid; quiet hours use the workflow's`);
  return ctx.timezone;
}
