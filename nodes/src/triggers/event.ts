import { defineNode, next, rulesSchema } from '@tern/shared';
import { z } from 'zod';

export const EVENT_TYPE = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

export const eventTypeParam = z.string().trim().min(1, 'name the event, e.g. order.completed').max(200)
  .regex(EVENT_TYPE, 'letters, digits and . _ : - only, e.g. order.completed');

/** Which events of the type count (trigger.event, flow.wait_event): rules seeing `{ event, contact }`. */
export const eventFilterParam = rulesSchema.optional().meta({
  label: 'Only when',
  widget: 'rules',
  description: 'Rules over event.type, event.data.* and contact.*; leave empty for every event of this type.',
});

export const eventTriggerParams = z.object({
  event: eventTypeParam.meta({ label: 'Event', widget: 'text', placeholder: 'order.completed' }),
  filter: eventFilterParam,
});

/**
 * Starts the workflow for a contact when an event of its type arrives (`POST /api/events`). The
 * runtime matches the type and the filter before starting, so an execution exists only for events
 * that pass; the trigger hands on `{ event: { type, data, at }, contact }`.
 */
export const eventTrigger = defineNode({
  type: 'trigger.event',
  version: 1,
  title: 'Event',
  description: 'Starts the journey for a contact when an event such as order.completed arrives.',
  category: 'trigger',
  icon: 'zap',
  trigger: 'event',
  // Matched when events arrive, outside any execution: there is nothing to render a template with.
  fixedParams: ['event', 'filter'],
  outputs: ['out'],
  params: eventTriggerParams,
  execute: (ctx) => {
    const payload = (ctx.input ?? {}) as { event?: unknown; contact?: unknown };
    return next({ event: payload.event ?? null, contact: payload.contact ?? ctx.contact ?? null });
  },
});
