// The worked example, examples/slack-node, as CI treats it: built and tested by its own scripts,
// loaded into a real server through TERN_NODES_DIR, its credential tested and its node run in a
// workflow against a fake Slack (allowed through the SSRF guard with TERN_HTTP_ALLOW).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { npmRun } from './package-scripts.js';
import { ServerProcess } from './server-process.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const PACKAGE = path.join(EXAMPLES, 'slack-node');
const TOKEN = 'xoxwebhook5c2e9d7a1f';

describe('examples/slack-node', () => {
  let slack: FakeSlack;
  let server: ServerProcess;
  let key = '';
  const api = (method: string, route: string, body?: unknown) => server.api(method, route, body, key);

  beforeAll(async () => {
    rmSync(path.join(PACKAGE, 'dist'), { recursive: true, force: true });
    slack = await startFakeSlack(TOKEN);
  });

  afterAll(async () => {
    await server?.dispose();
    await slack?.close();
  });

  it('builds and passes its own tests', async () => {
    const build = await npmRun(PACKAGE, 'build');
    expect(build.code, build.stderr + build.stdout).toBe(0);
    const test = await npmRun(PACKAGE, 'test');
    expect(test.code, test.stderr + test.stdout).toBe(0);
    expect(test.stdout).toMatch(/Tests\s+6 passed/);
  }, 120_000);

  it('posts to Slack from a workflow, with the webhook URL kept secret', async () => {
    server = await ServerProcess.create({ TERN_NODES_DIR: EXAMPLES, TERN_HTTP_ALLOW: '127.0.0.1' });
    await server.start();
    key = (await server.api('POST', '/api/setup', { email: 'owner@example.com', password: 'correct horse battery' })).body.apiKey;
    expect((await api('GET', '/api/nodes/errors')).body.items).toEqual([]);
    const nodes = (await api('GET', '/api/nodes')).body.items.filter((n: { type: string }) => n.type === 'slack.post_message');
    expect(nodes).toEqual([
      expect.objectContaining({ version: 1, package: 'tern-slack-node', category: 'chat', outputs: ['out', 'error'], latestVersion: 2, canUpgrade: true }),
      expect.objectContaining({ version: 2, package: 'tern-slack-node', latestVersion: 2, canUpgrade: false }),
    ]);

    const credential = await api('POST', '/api/credentials', { type: 'slack_webhook', name: 'Sales channel', data: { url: slack.webhookUrl } });
    expect(credential.status).toBe(201);
    expect(credential.body).toMatchObject({ fields: {}, secrets: ['url'] });
    // "Test credential": Slack refuses an empty message with no_text only when the URL is live.
    const tested = await api('POST', `/api/credentials/${credential.body.id}/test`, {});
    expect(tested.body).toEqual({ ok: true, status: 400, message: 'HTTP 400 Bad Request: no_text' });
    const wrong = await api('POST', '/api/credentials/test', { type: 'slack_webhook', data: { url: slack.webhookUrl.replace(TOKEN, 'revoked-token-123') } });
    expect(wrong.body).toEqual({ ok: false, status: 403, message: 'HTTP 403 Forbidden: invalid_token' });
    expect(slack.messages).toEqual([]);

    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*{{ trigger.email }}* signed up' } }];
    const workflow = await api('POST', '/api/workflows', {
      name: 'Tell sales',
      nodes: [
        { id: 'signup', type: 'trigger.manual', version: 1, params: {} },
        { id: 'notify', type: 'slack.post_message', version: 2,
          params: { credential: credential.body.id, text: 'New lead: {{ trigger.email }}', blocks } },
      ],
      edges: [{ id: 'e1', source: 'signup', target: 'notify' }],
    });
    expect(workflow.status, JSON.stringify(workflow.body)).toBe(201);
    const run = await api('POST', `/api/workflows/${workflow.body.id}/run?wait=true`, { email: 'ada@example.com' });
    expect(run.body.status).toBe('success');
    const step = run.body.steps.find((s: { nodeId: string }) => s.nodeId === 'notify');
    expect(step).toMatchObject({ status: 'success', port: 'out', output: { ok: true, status: 200 } });
    expect(slack.messages).toEqual([
      { text: 'New lead: ada@example.com', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*ada@example.com* signed up' } }] },
    ]);
    for (const answer of [run, credential, tested, await api('GET', `/api/executions/${run.body.id}`), await api('GET', '/api/credentials')]) {
      expect(JSON.stringify(answer.body)).not.toContain(TOKEN);
    }
    expect(server.output.join('')).not.toContain(TOKEN);
  }, 60_000);

  it('upgrades a version-1 node to version 2 through its migration', async () => {
    const upgraded = await api('POST', '/api/nodes/upgrade', { type: 'slack.post_message', fromVersion: 1, params: { credential: 'c1', message: 'Hi {{ contact.first_name }}' } });
    expect(upgraded.body).toEqual({ version: 2, params: { credential: 'c1', text: 'Hi {{ contact.first_name }}' } });
  });
});
