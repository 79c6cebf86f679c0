// slack.post_message: posts a message to the channel of a Slack incoming webhook. Version 1 took
// the message as `message`; version 2 calls it `text` (Slack's own name) and adds Block Kit
// `blocks`. Workflows built with version 1 keep it; "Upgrade" in the editor runs `migrate`.
import { defineNode, type NodeContext, type NodeResult, next, z } from '@tern/node-sdk';
import { slackWebhook } from './credential.js';

const credential = z
  .string()
  .min(1, 'choose the Slack webhook to post through')
  .meta({ label: 'Slack webhook', widget: 'credential', credentialTypes: [slackWebhook.type] });

const base = {
  type: 'slack.post_message',
  title: 'Slack message',
  description: 'Posts a message to a Slack channel through an incoming webhook.',
  category: 'chat',
  icon: 'message-square',
  outputs: ['out', 'error'],
} as const;

/** Sends the payload; Slack's refusals (`no_text`, `invalid_token`, …) go out on `error`. */
async function post(ctx: NodeContext<{ credential: string }>, payload: { text: string; blocks?: unknown[] }): Promise<NodeResult> {
  const { data } = await ctx.services.credentials.get(ctx.params.credential, [slackWebhook.type]);
  const { url } = slackWebhook.fields.parse(data);
  // Through ctx.services.http: Tern's SSRF-guarded client, which retries 429 and 5xx answers
  // with backoff (honouring Slack's Retry-After).
  const response = await ctx.services.http.request({ method: 'POST', url, body: payload, retries: 2, timeoutMs: 10_000 });
  if (response.status >= 200 && response.status < 300) return next({ ok: true, status: response.status });
  return next({ ok: false, status: response.status, error: typeof response.body === 'string' ? response.body : response.body ?? null }, 'error');
}

export const postMessageV1 = defineNode({
  ...base,
  version: 1,
  params: z.object({
    credential,
    message: z.string().min(1).max(40_000).meta({ label: 'Message', widget: 'template' }),
  }),
  execute: (ctx) => post(ctx, { text: ctx.params.message }),
});

export const postMessage = defineNode({
  ...base,
  version: 2,
  params: z.object({
    credential,
    text: z
      .string()
      .min(1, 'a Slack message needs text (with blocks, it is the notification)')
      .max(40_000)
      .meta({ label: 'Text', widget: 'template', placeholder: 'New lead: {{ contact.email }}' }),
    blocks: z
      .array(z.record(z.string(), z.unknown()))
      .max(50)
      .optional()
      .meta({ label: 'Blocks', widget: 'json', description: 'Block Kit blocks (optional); the text is then the notification.' }),
  }),
  migrate: ({ message, ...rest }) => ({ ...rest, text: message }),
  execute: (ctx) => post(ctx, { text: ctx.params.text, ...(ctx.params.blocks ? { blocks: ctx.params.blocks } : {}) }),
});
