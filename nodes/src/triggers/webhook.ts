import { defineNode, next } from '@tern/shared';
import { z } from 'zod';
import { allowIpsSchema, webhookAuthSchema } from './webhook-auth.js';

export { verifyWebhookRequest } from './webhook-auth.js';
export type { WebhookAuth, WebhookRequest, WebhookVerdict } from './webhook-auth.js';

export const webhookMethods = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'ANY'] as const;

/** `/signup/` and `signup` name the same route: the path is kept without outer slashes. */
export function normaliseWebhookPath(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

function pathProblem(path: string, ctx: z.RefinementCtx): void {
  const segments = normaliseWebhookPath(path).split('/');
  const message =
    segments.join('') === ''
      ? 'needs at least one character besides "/"'
      : // "." and ".." would be collapsed by clients and proxies before the request reaches Tern.
        segments.some((s) => s === '' || s === '.' || s === '..')
        ? 'may not hold empty, "." or ".." segments'
        : null;
  if (message) ctx.addIssue({ code: 'custom', message });
}

const pathSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^[A-Za-z0-9/_.-]+$/, 'may hold only letters, digits and / _ . -')
  .superRefine(pathProblem)
  .transform(normaliseWebhookPath)
  .meta({ label: 'Path', widget: 'text', placeholder: 'signup', description: 'Called as /webhook/<path>.' });

export const webhookParams = z.object({
  path: pathSchema,
  method: z.enum(webhookMethods).default('POST').meta({ label: 'HTTP method', widget: 'select' }),
  respond: z.enum(['immediately', 'when_done']).default('immediately').meta({
    label: 'Respond',
    widget: 'select',
    description: 'Immediately: 202 with the execution id. When done: the output of an HTTP respond node, else of the last node.',
  }),
  auth: webhookAuthSchema.optional(),
  allowIps: allowIpsSchema.optional(),
});
export type WebhookParams = z.output<typeof webhookParams>;

/** Starts the workflow on `<method> /webhook/<path>`; its output is `{ body, query, headers, method, path }`. */
export const webhookTrigger = defineNode({
  type: 'trigger.webhook',
  version: 1,
  title: 'Webhook',
  description: 'Starts the workflow when a service calls its URL.',
  category: 'trigger',
  icon: 'webhook',
  trigger: 'webhook',
  outputs: ['out'],
  params: webhookParams,
  fixedParams: ['path'],
  // The HTTP layer has already built the payload and checked the caller (verifyWebhookRequest).
  execute: (ctx) => next(ctx.input),
});
