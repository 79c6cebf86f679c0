import {
  defineNode,
  durationMs,
  durationUnits,
  isTemplate,
  isValidTimeZone,
  type NodeContext,
  next,
  ParamError,
  waitUntil,
} from '@tern/shared';
import { z } from 'zod';
import { addDuration, nextWindowStart, parseUntil, weekdays } from './delay-time.js';

const MAX_DELAY_MS = 10 * 365 * 86_400_000;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

const durationMode = z
  .object({
    mode: z.literal('duration'),
    amount: z.number().positive('must be greater than 0').meta({ label: 'Wait', widget: 'number' }),
    unit: z.enum(durationUnits).meta({ label: 'Unit', widget: 'select' }),
  })
  .refine((d) => durationMs(d) <= MAX_DELAY_MS, { path: ['amount'], message: 'a delay can be at most 10 years' });

const untilMode = z.object({
  mode: z.literal('until'),
  at: z.string().min(1, 'must not be empty').meta({
    label: 'Until',
    widget: 'template',
    placeholder: '2026-12-24T09:00',
    description: "ISO 8601 date-time; without an offset it is in the workflow's time zone.",
  }),
});

const windowMode = z
  .object({
    mode: z.literal('window'),
    days: z.array(z.enum(weekdays)).min(1, 'choose at least one day').meta({ label: 'Days', widget: 'select' }),
    from: z.string().regex(HH_MM, 'must be a time such as 09:00').meta({ label: 'From', widget: 'text', placeholder: '09:00' }),
    to: z
      .string()
      .regex(HH_MM, 'must be a time such as 17:00')
      .or(z.literal('24:00'))
      .meta({ label: 'To', widget: 'text', placeholder: '17:00', description: 'Earlier than From for a window past midnight.' }),
    timezone: z
      .string()
      .refine((zone) => zone === 'contact' || zone === 'workflow' || isValidTimeZone(zone), 'must be contact, workflow or an IANA time zone')
      .default('contact')
      .meta({
        label: 'Time zone',
        widget: 'text',
        description: "contact: the contact's time zone, else the workflow's; workflow; or an IANA name such as Europe/Berlin.",
      }),
  })
  .refine((w) => w.from !== w.to, { path: ['to'], message: 'must differ from "from"' });

export const delayParams = z.discriminatedUnion('mode', [durationMode, untilMode, windowMode]);
export type DelayParams = z.output<typeof delayParams>;

/** Holds the path for a duration, until a date-time, or until the next allowed send window. */
export const delayNode = defineNode({
  type: 'flow.delay',
  version: 1,
  title: 'Delay',
  description: 'Waits for a time, until a date, or until the next allowed sending window.',
  category: 'flow',
  icon: 'timer',
  outputs: ['out'],
  waits: true,
  params: delayParams,
  // Only the workflow's time zone tells whether a local date-time exists, so this is not in the schema.
  check: (params, settings) => {
    if (params.mode !== 'until' || typeof params.at !== 'string' || isTemplate(params.at)) return [];
    const parsed = parseUntil(params.at, isValidTimeZone(settings.timezone) ? settings.timezone : 'UTC');
    return parsed.ok ? [] : [{ field: 'at', message: parsed.message }];
  },
  execute: (ctx) => {
    if (ctx.resume) return next(ctx.input);
    const until = wakeTime(ctx);
    // A date already reached (or a window already open) does not wait at all.
    return until.getTime() > ctx.now().getTime() ? waitUntil(until) : next(ctx.input);
  },
});

function wakeTime(ctx: NodeContext<DelayParams>): Date {
  const { params } = ctx;
  switch (params.mode) {
    case 'duration':
      return addDuration(ctx.now(), params, ctx.timezone);
    case 'until': {
      // check() covered fixed values on save; a template is only known now.
      const parsed = parseUntil(params.at, ctx.timezone);
      if (!parsed.ok) throw new ParamError('params.at', parsed.message);
      return parsed.date;
    }
    case 'window':
      return nextWindowStart(ctx.now(), params, windowZone(ctx, params.timezone));
  }
}

function windowZone(ctx: NodeContext<DelayParams>, setting: string): string {
  if (setting === 'workflow') return ctx.timezone;
  if (setting !== 'contact') return setting;
  const zone = ctx.contact?.timezone;
  if (typeof zone === 'string' && isValidTimeZone(zone)) return zone;
  if (zone) ctx.log.warn(`the contact's time zone "${String(zone)}" is not valid; using the workflow's`);
  return ctx.timezone;
}
