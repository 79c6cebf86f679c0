// The credential a Slack incoming webhook needs: its URL. The URL itself is the secret (anyone
// who has it can post to the channel), so it is write-only in Tern: stored encrypted, never
// shown again, and cut out of execution records.
import { defineCredentialType, z } from '@tern/node-sdk';

export const slackWebhook = defineCredentialType({
  type: 'slack_webhook',
  title: 'Slack incoming webhook',
  description: 'The webhook URL of a Slack app (Incoming Webhooks), for one channel.',
  fields: z.object({
    url: z
      .url({ protocol: /^https?$/, error: 'must be the webhook URL, https://hooks.slack.com/services/…' })
      .meta({ title: 'Webhook URL', description: 'https://hooks.slack.com/services/T…/B…/…' }),
  }),
  secret: ['url'],
  test: {
    // Slack answers a message without text with 400 `no_text` when the webhook is live, and posts
    // nothing; a revoked or wrong URL gets 403 `invalid_token` or 404 `no_service`.
    request: (data) => ({ method: 'POST', url: data.url, body: {} }),
    expect: 400,
  },
});

export default [slackWebhook];
