import { z } from 'zod';

export const durationUnits = ['seconds', 'minutes', 'hours', 'days', 'weeks'] as const;
export type DurationUnit = (typeof durationUnits)[number];

const MS: Record<DurationUnit, number> = {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

export const durationSchema = z.object({
  amount: z.number().positive('must be greater than 0'),
  unit: z.enum(durationUnits),
});
export type Duration = z.output<typeof durationSchema>;

/** A duration in milliseconds. Days are 24-hour days; calendar arithmetic is the caller's. */
export function durationMs(d: Duration): number {
  return d.amount * MS[d.unit];
}
