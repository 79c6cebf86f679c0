import { defineNode, type WebhookResponse } from '@tern/shared';
import { z } from 'zod';
import { headersSchema } from '../lib/params.js';

export const httpRespondParams = z.object({
  status: z.number().int().min(100).max(599).default(200).meta({ label: 'Status', widget: 'number' }),
  headers: headersSchema.optional().meta({ label: 'Headers', widget: 'json' }),
  body: z
    .union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown()), z.number(), z.boolean(), z.null()], {
      error: 'give a body: text or a JSON object',
    })
    .meta({ label: 'Body', widget: 'template', description: 'Text, or an object whose values may be templates.' }),
});

/** Sets the answer of a webhook that responds `when_done`; the path goes on with it as output. */
export const httpRespondNode = defineNode({
  type: 'http.respond',
  version: 1,
  title: 'Respond to webhook',
  description: 'Sets the HTTP response of the webhook that started this run.',
  category: 'http',
  icon: 'reply',
  outputs: ['out'],
  params: httpRespondParams,
  execute: (ctx) => {
    const response: WebhookResponse = { status: ctx.params.status, headers: ctx.params.headers ?? {}, body: ctx.params.body };
    return { kind: 'continue', port: 'out', output: response, response };
  },
});
