// The SDK as a node package sees it: one import for declaring, typing and testing a node.
import * as testing from '@tern/nodes/testing';
import { describe, expect, it } from 'vitest';
import * as sdk from './index.js';
import { defineCredentialType, defineNode, FakeHttp, fakeClock, next, runNode, waitUntil, z } from './index.js';

const acmeApi = defineCredentialType({
  type: 'acme_api',
  title: 'Acme API',
  fields: z.object({ key: z.string().min(1).meta({ title: 'API key' }) }),
  secret: ['key'],
  test: { request: (data) => ({ method: 'GET', url: 'https://api.acme.test/me', headers: { authorization: `Bearer ${data.key}` } }) },
});

const remind = defineNode({
  type: 'acme.remind',
  version: 1,
  title: 'Remind',
  description: 'Asks Acme for a reminder time, then waits until it.',
  category: 'chat',
  icon: 'bell',
  outputs: ['out'],
  waits: true,
  params: z.object({
    account: z.string().meta({ label: 'Account', widget: 'credential', credentialTypes: [acmeApi.type] }),
    topic: z.string().meta({ label: 'Topic', widget: 'template' }),
  }),
  async execute(ctx) {
    if (ctx.resume) return next({ reminded: ctx.params.topic, at: ctx.now().toISOString() });
    const { data } = await ctx.services.credentials.get(ctx.params.account, [acmeApi.type]);
    const { key } = acmeApi.fields.parse(data);
    const answer = await ctx.services.http.request({ method: 'GET', url: 'https://api.acme.test/delay', headers: { authorization: `Bearer ${key}` } });
    return waitUntil(new Date(ctx.now().getTime() + (answer.body as { ms: number }).ms));
  },
});

describe('@tern/node-sdk', () => {
  it('declares, runs and resumes a node with fake HTTP, credentials and a fake clock', async () => {
    const clock = fakeClock('2026-03-02T08:00:00Z');
    const http = new FakeHttp(() => ({ status: 200, body: { ms: 3_600_000 } }));
    const options = { params: { account: 'a1', topic: 'Call {{ contact.first_name }}' }, contact: { first_name: 'Ada' }, http, now: clock.now,
      credentials: { a1: { type: 'acme_api', data: { key: 'k-1' } } } };
    const first = await runNode(remind, options);
    expect(first.result).toEqual({ kind: 'wait', until: new Date('2026-03-02T09:00:00Z') });
    expect(first.requests[0]!.headers).toEqual({ authorization: 'Bearer k-1' });
    clock.advance({ amount: 1, unit: 'hours' });
    const resumed = await runNode(remind, { ...options, resume: { reason: 'time', waitedSince: new Date('2026-03-02T08:00:00Z') } });
    expect(resumed.result).toEqual({ kind: 'continue', port: 'out', output: { reminded: 'Call Ada', at: '2026-03-02T09:00:00.000Z' } });
  });

  it("builds a credential type's test request from its typed data", () => {
    expect(acmeApi.test!.request({ key: 'k-2' })).toEqual({ method: 'GET', url: 'https://api.acme.test/me', headers: { authorization: 'Bearer k-2' } });
  });

  it('exports what a node package needs, and nothing else of Tern', () => {
    // The whole test harness (runNode, its fakes, the fake clock), and besides it only these.
    const harness = new Set(Object.keys(testing));
    expect([...harness].filter((name) => !(name in sdk))).toEqual([]);
    expect(Object.keys(sdk).filter((name) => !harness.has(name)).sort()).toEqual([
      'DeliveryError', 'ParamError', 'customCategoryName', 'defineCredentialType', 'defineNode', 'isDeliveryError', 'next',
      'nodeCategories', 'nodeKey', 'paramWidgets', 'stop', 'waitForEvent', 'waitUntil', 'z',
    ]);
  });

  it('types the editor hints of a param schema', () => {
    // @ts-expect-error: not a widget the editor knows
    const wrong = z.string().meta({ widget: 'slider' });
    expect(wrong).toBeDefined();
    const right = z.string().meta({ label: 'Text', widget: 'template', placeholder: 'Hi {{ contact.first_name }}' });
    expect(z.toJSONSchema(right)).toMatchObject({ label: 'Text', widget: 'template' });
  });
});
