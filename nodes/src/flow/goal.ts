import { defineNode, evaluateRules, rulesSchema, stop } from '@tern/shared';
import { z } from 'zod';

export const goalParams = z.object({
  filter: rulesSchema
    .optional()
    .meta({ label: 'Goal met when', widget: 'rules', description: 'Leave empty to count every contact who gets here.' }),
});

/**
 * The end of a journey. A contact who meets the goal (the filter matches, or there is none) is
 * counted as converted; one who does not simply ends here. No ports: nothing follows a goal.
 */
export const goalNode = defineNode({
  type: 'flow.goal',
  version: 1,
  title: 'Goal',
  description: 'Ends the journey, counting contacts who meet the goal as converted.',
  category: 'flow',
  icon: 'flag',
  outputs: [],
  params: goalParams,
  execute: (ctx) => {
    // `event` is the event that led here (a trigger.event, or the `event` port of a wait), as the
    // runtime's goal exit check sees each event of the contact since the journey started.
    const converted = ctx.params.filter ? evaluateRules(ctx.params.filter, { ...ctx.data, event: eventOf(ctx.input) }) : true;
    return stop({ converted }, converted);
  },
});

function eventOf(input: unknown): unknown {
  return typeof input === 'object' && input !== null && 'event' in input ? (input as { event: unknown }).event : null;
}
