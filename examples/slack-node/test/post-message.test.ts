// The node against a FakeHttp that answers as Slack does: `ok` for a message with text.
import { FakeHttp, runNode } from '@tern/node-sdk';
import { describe, expect, it } from 'vitest';
import { slackWebhook } from '../src/credential.js';
import { postMessage, postMessageV1 } from '../src/post-message.js';

const URL = 'https://hooks.slack.com/services/T000/B000/XXXXXXXX';
const credentials = { team: { type: 'slack_webhook', data: { url: URL } } };

/** Slack's answers: 200 `ok`, or 400 `no_text` when the text is missing. */
const slack = () =>
  new FakeHttp((req) => {
    if (req.method !== 'POST' || req.url !== URL) return { status: 404, body: 'no_service' };
    const body = req.body as { text?: unknown };
    return typeof body?.text === 'string' && body.text !== '' ? { status: 200, body: 'ok' } : { status: 400, body: 'no_text' };
  });

describe('slack.post_message', () => {
  it('posts the text as JSON to the webhook URL of the credential', async () => {
    const { result, requests } = await runNode(postMessage, {
      params: { credential: 'team', text: 'New lead: {{ contact.email }}' },
      contact: { email: 'ada@example.com' },
      credentials,
      http: slack(),
    });
    expect(result).toEqual({ kind: 'continue', port: 'out', output: { ok: true, status: 200 } });
    expect(requests).toEqual([expect.objectContaining({ method: 'POST', url: URL, body: { text: 'New lead: ada@example.com' } })]);
  });

  it('sends Block Kit blocks along with the text', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Hot lead*' } }];
    const { requests } = await runNode(postMessage, { params: { credential: 'team', text: 'Hot lead', blocks }, credentials, http: slack() });
    expect(requests[0]!.body).toEqual({ text: 'Hot lead', blocks });
  });

  it("takes the error port with Slack's reason when Slack refuses", async () => {
    const http = new FakeHttp(() => ({ status: 403, body: 'invalid_token' }));
    const { result } = await runNode(postMessage, { params: { credential: 'team', text: 'hi' }, credentials, http });
    expect(result).toEqual({ kind: 'continue', port: 'error', output: { ok: false, status: 403, error: 'invalid_token' } });
  });

  it('refuses a credential of another type', async () => {
    const other = { team: { type: 'http_bearer', data: { token: 't' } } };
    await expect(runNode(postMessage, { params: { credential: 'team', text: 'hi' }, credentials: other, http: slack() }))
      .rejects.toThrow(/http_bearer/);
  });

  it('keeps version 1 (`message`) working, and migrates its params to version 2', async () => {
    const { requests } = await runNode(postMessageV1, { params: { credential: 'team', message: 'Old style' }, credentials, http: slack() });
    expect(requests[0]!.body).toEqual({ text: 'Old style' });
    expect(postMessage.migrate!({ credential: 'team', message: 'Hi {{ contact.first_name }}' }, 1))
      .toEqual({ credential: 'team', text: 'Hi {{ contact.first_name }}' });
  });
});

describe('slack_webhook credential type', () => {
  it('keeps the URL secret and tests it with a post Slack refuses without posting', () => {
    expect(slackWebhook.secret).toEqual(['url']);
    expect(slackWebhook.test!.request({ url: URL })).toEqual({ method: 'POST', url: URL, body: {} });
    expect(slackWebhook.fields.safeParse({ url: 'not a url' }).success).toBe(false);
  });
});
