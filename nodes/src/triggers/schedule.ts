import { defineNode, isValidTimeZone, next } from '@tern/shared';
import { validate, validateDetailed } from 'node-cron';
import { z } from 'zod';

function cronProblem(cron: string, ctx: z.RefinementCtx): void {
  if (validate(cron)) return;
  const reason = validateDetailed(cron).errors[0]?.message;
  ctx.addIssue({ code: 'custom', message: `"${cron}" is not a cron expression${reason ? `: ${reason}` : ''}` });
}

export const scheduleParams = z.object({
  cron: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .superRefine(cronProblem)
    .meta({
      label: 'Cron expression',
      widget: 'text',
      placeholder: '0 9 * * 1-5',
      description: 'minute hour day-of-month month day-of-week (an optional leading seconds field).',
    }),
  timezone: z
    .string()
    .refine(isValidTimeZone, 'is not an IANA time zone, e.g. Europe/Berlin')
    .optional()
    .meta({ label: 'Time zone', widget: 'text', placeholder: 'Europe/Berlin', description: "Default: the workflow's time zone." }),
  segment: z
    .string()
    .trim()
    .min(1, 'must name a segment (its id or name)')
    .optional()
    .meta({
      label: 'Segment',
      widget: 'text',
      placeholder: 'Birthday club',
      description: 'Audience: at each time, one run for every contact in this segment (its id or name), with the contact set.',
    }),
});

/**
 * Started by the scheduler at each time the cron expression names, in the given time zone: once,
 * or with `segment`, once per member of that segment, each run belonging to its contact (the
 * runtime adds `segment: { id, name }` to the output).
 */
export const scheduleTrigger = defineNode({
  type: 'trigger.schedule',
  version: 1,
  title: 'Schedule',
  description: 'Starts the workflow on a cron schedule in a time zone, once or for every contact of a segment.',
  category: 'trigger',
  icon: 'clock',
  trigger: 'schedule',
  outputs: ['out'],
  params: scheduleParams,
  fixedParams: ['cron', 'timezone', 'segment'],
  execute: (ctx) => {
    // The scheduler may pass details of the firing (e.g. the scheduled time); they are kept.
    const extra = ctx.input !== null && typeof ctx.input === 'object' && !Array.isArray(ctx.input) ? ctx.input : {};
    return next({ firedAt: ctx.now().toISOString(), ...extra });
  },
});
