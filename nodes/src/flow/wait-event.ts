import { defineNode, durationMs, durationUnits, next, waitForEvent } from '@tern/shared';
import { z } from 'zod';
import { eventFilterParam, eventTypeParam } from '../triggers/event.js';
import { addDuration } from './delay-time.js';

const MAX_TIMEOUT_MS = 365 * 86_400_000;

export const waitEventParams = z.object({
  event: eventTypeParam.meta({ label: 'Wait for event', widget: 'text', placeholder: 'order.completed' }),
  filter: eventFilterParam,
  timeout: z.object({
    amount: z.number().positive('must be greater than 0').meta({ label: 'Give up after', widget: 'number' }),
    unit: z.enum(durationUnits).meta({ label: 'Unit', widget: 'select' }),
  }).refine((d) => durationMs(d) <= MAX_TIMEOUT_MS, { path: ['amount'], message: 'a timeout can be at most a year' }),
});

/**
 * Holds this contact's path until the event arrives for the same contact (port `event`, with the
 * event as output) or the timeout passes (port `timeout`). The runtime takes the wait atomically,
 * so exactly one of the two happens.
 */
export const waitEventNode = defineNode({
  type: 'flow.wait_event',
  version: 1,
  title: 'Wait for event',
  description: 'Waits until the contact does something (opens, buys, clicks), or gives up after a while.',
  category: 'flow',
  icon: 'hourglass',
  outputs: ['event', 'timeout'],
  waits: true,
  params: waitEventParams,
  execute: (ctx) => {
    const { resume } = ctx;
    if (resume?.reason === 'event') return next({ event: resume.event }, 'event');
    if (resume) return next({ timedOut: true, waitedSince: resume.waitedSince }, 'timeout');
    // Events are matched per contact: without one, nothing could ever resume this wait.
    if (typeof ctx.contact?.id !== 'string') {
      throw new Error('flow.wait_event needs a contact: start the workflow with trigger.event (or for a contact)');
    }
    const timeoutAt = addDuration(ctx.now(), ctx.params.timeout, ctx.timezone);
    return waitForEvent({ type: ctx.params.event, ...(ctx.params.filter ? { filter: ctx.params.filter } : {}), timeoutAt });
  },
});

