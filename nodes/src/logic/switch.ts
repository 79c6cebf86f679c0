import { defineNode, evaluateRules, next, rulesSchema } from '@tern/shared';
import { z } from 'zod';

export const switchParams = z.object({
  cases: z
    .array(rulesSchema.meta({ widget: 'rules' }))
    .min(1, 'add at least one case')
    .meta({ label: 'Cases', description: 'Tried in order; the first that matches takes its port, else default.' }),
});

const casePort = (index: number) => `case_${index}`;

/** Takes the port of the first case whose rules match, or `default`. */
export const switchNode = defineNode({
  type: 'logic.switch',
  version: 1,
  title: 'Switch',
  description: 'Routes to the first case whose rules match, or to default.',
  category: 'logic',
  icon: 'split',
  outputs: { param: 'cases', port: 'case_{index}', then: ['default'] },
  params: switchParams,
  execute: (ctx) => {
    const index = ctx.params.cases.findIndex((rules) => evaluateRules(rules, ctx.data, { now: ctx.now }));
    return next(ctx.input, index < 0 ? 'default' : casePort(index));
  },
});
