import { defineNode, next } from '@tern/shared';
import { z } from 'zod';

/** Started from the editor's Run button or `POST /api/workflows/:id/run`; passes the payload on. */
export const manualTrigger = defineNode({
  type: 'trigger.manual',
  version: 1,
  title: 'Manual trigger',
  description: 'Starts the workflow from the editor or the API, with an optional JSON payload.',
  category: 'trigger',
  icon: 'play',
  trigger: 'manual',
  outputs: ['out'],
  params: z.object({}),
  execute: (ctx) => next(ctx.input ?? {}),
});
