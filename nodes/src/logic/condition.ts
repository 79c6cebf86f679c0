import { defineNode, evaluateRules, next, ruleSchema, rulesSchema } from '@tern/shared';
import { z } from 'zod';

// The top level is a plain object (not the recursive rulesSchema itself) so that the editor's
// JSON Schema starts with the group's fields; nested groups use the recursive schema.
export const conditionParams = z
  .object({
    match: z.enum(['all', 'any']).default('all').meta({ label: 'Match', widget: 'select', description: 'All rules, or any one of them.' }),
    rules: z.array(z.union([ruleSchema, rulesSchema])),
  })
  .meta({ label: 'Rules', widget: 'rules' });

/** Takes the `true` or the `false` port depending on rules over the execution context. */
export const conditionNode = defineNode({
  type: 'logic.condition',
  version: 1,
  title: 'Condition',
  description: 'Branches on rules over the trigger, the contact, tags and earlier steps.',
  category: 'logic',
  icon: 'git-branch',
  outputs: ['true', 'false'],
  params: conditionParams,
  // Rules read ctx.data (trigger, contact, steps…); has_tag reads contact.tags, in_segment
  // contact.segments, is_anniversary the node's clock. The input goes on unchanged.
  execute: (ctx) => next(ctx.input, evaluateRules(ctx.params, ctx.data, { now: ctx.now }) ? 'true' : 'false'),
});
