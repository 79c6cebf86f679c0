import { defineNode, isValidTimeZone, next } from '@tern/shared';
import { validate, validateDetailed } from 'node-cron';
import { z } from 'zod';
import { fixedParamProblems, unlessTemplate } from '../lib/params.js';

function cronProblem(cron: string): string | null {
  if (validate(cron)) return null;
  const reason = validateDetailed(cron).errors[0]?.message;
  return `"${cron}" is not a cron expression${reason ? `: ${reason}` : ''}`;
}

export const scheduleParams = z.object({
  cron: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .superRefine(unlessTemplate(cronProblem))
    .meta({
      label: 'Cron expression',
      widget: 'text',
      placeholder: '0 9 * * 1-5',
      description: 'minute hour day-of-month month day-of-week (an optional leading seconds field).',
    }),
  timezone: z
    .string()
    .superRefine(unlessTemplate((zone) => (isValidTimeZone(zone) ? null : 'is not an IANA time zone, e.g. Europe/Berlin')))
    .optional()
    .meta({ label: 'Time zone', widget: 'text', placeholder: 'Europe/Berlin', description: "Default: the workflow's time zone." }),
});

/** Started by the scheduler at each time the cron expression names, in the given time zone. */
export const scheduleTrigger = defineNode({
  type: 'trigger.schedule',
  version: 1,
  title: 'Schedule',
  description: 'Starts the workflow on a cron schedule in a time zone.',
  category: 'trigger',
  icon: 'clock',
  trigger: 'schedule',
  outputs: ['out'],
  params: scheduleParams,
  check: (params) => fixedParamProblems(params, ['cron', 'timezone']),
  execute: (ctx) => {
    // The scheduler may pass details of the firing (e.g. the scheduled time); they are kept.
    const extra = ctx.input !== null && typeof ctx.input === 'object' && !Array.isArray(ctx.input) ? ctx.input : {};
    return next({ firedAt: ctx.now().toISOString(), ...extra });
  },
});
