// Frequency caps: at most `max` marketing messages of a channel to one recipient per period,
// whichever journeys send them. A workflow sets its own in `settings.frequencyCap`; without one,
// the runtime's default (TERN_FREQUENCY_CAP_EMAIL, TERN_FREQUENCY_CAP_SMS) applies.
import { z } from 'zod';
import { type Duration, durationMs, durationSchema } from './duration.js';

export const cappedChannels = ['email', 'sms'] as const;
export type CappedChannel = (typeof cappedChannels)[number];

export const frequencyCapRuleSchema = z.object({
  max: z.number().int('must be a whole number').min(1, 'must be at least 1'),
  per: durationSchema,
});
export type FrequencyCapRule = z.output<typeof frequencyCapRuleSchema>;

export const frequencyCapSchema = z
  .object({ email: frequencyCapRuleSchema.optional(), sms: frequencyCapRuleSchema.optional() })
  .strict();
export type FrequencyCap = z.output<typeof frequencyCapSchema>;

const SHORT_UNITS: Record<string, Duration['unit']> = { s: 'seconds', m: 'minutes', h: 'hours', d: 'days', w: 'weeks' };

/** `3/1d` (three per day), `10/7d`, `2/12h`: the environment's spelling of a rule; null when it is not one. */
export function parseFrequencyCap(text: string): FrequencyCapRule | null {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*([smhdw])\s*$/i.exec(text);
  if (!match) return null;
  const rule = frequencyCapRuleSchema.safeParse({
    max: Number(match[1]),
    per: { amount: Number(match[2]), unit: SHORT_UNITS[match[3]!.toLowerCase()] },
  });
  return rule.success ? rule.data : null;
}

/** The window a rule counts over, in milliseconds. */
export function frequencyCapWindowMs(rule: FrequencyCapRule): number {
  return durationMs(rule.per);
}
