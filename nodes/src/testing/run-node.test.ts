import { defineNode, next, ParamError, waitUntil } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_NOW, FakeEmail, FakeHttp, FakeSms, fakeClock, runNode } from './index.js';

// A custom node of the kind an integrator writes: it echoes what it got and can call out.
const echo = defineNode({
  type: 'custom.echo',
  version: 1,
  title: 'Echo',
  description: 'Echoes its params.',
  category: 'data',
  icon: 'repeat',
  outputs: ['out'],
  params: z.object({ text: z.string(), port: z.string().default('out'), call: z.boolean().default(false) }),
  async execute(ctx) {
    ctx.log.info('echoing', { text: ctx.params.text });
    const answer = ctx.params.call ? await ctx.services.http.request({ method: 'GET', url: 'https://api.example.com/ping' }) : null;
    return next({ text: ctx.params.text, answer, at: ctx.now().toISOString(), node: ctx.node, timezone: ctx.timezone }, ctx.params.port);
  },
});

describe('runNode', () => {
  it('renders templates against trigger, contact, steps and workflow before execute, as the runtime does', async () => {
    const { result } = await runNode(echo, {
      params: { text: '{{ contact.first_name }} {{ trigger.plan }} {{ steps.lookup.status }} {{ workflow.settings.timezone }}' },
      trigger: { plan: 'pro' },
      contact: { first_name: 'Ada' },
      steps: { lookup: { status: 200 } },
      timezone: 'Europe/Berlin',
      nodeId: 'greet',
    });
    expect(result).toMatchObject({
      output: { text: 'Ada pro 200 Europe/Berlin', timezone: 'Europe/Berlin', node: { id: 'greet', type: 'custom.echo', version: 1 } },
    });
  });

  it('uses a fixed clock by default, and a fake clock when given', async () => {
    expect((await runNode(echo, { params: { text: 'x' } })).result).toMatchObject({ output: { at: DEFAULT_NOW.toISOString() } });
    const clock = fakeClock('2026-03-01T00:00:00Z');
    clock.advance({ amount: 2, unit: 'hours' });
    clock.advance(30_000);
    expect((await runNode(echo, { params: { text: 'x' }, now: clock.now })).result).toMatchObject({ output: { at: '2026-03-01T02:00:30.000Z' } });
    clock.set('2027-01-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('rejects with a ParamError naming the field when a param does not fit the schema', async () => {
    const run = runNode(echo, { params: { text: '{{ trigger.items }}' }, trigger: { items: [1, 2] } });
    await expect(run).rejects.toThrow(ParamError);
    await expect(run).rejects.toThrow(/^params\.text: /);
  });

  it('rejects when execute continues on a port the node does not declare', async () => {
    await expect(runNode(echo, { params: { text: 'x', port: 'nope' } })).rejects.toThrow('port "nope"');
  });

  it('rejects a wait with neither a time nor an event', async () => {
    const idle = defineNode({ ...echo, type: 'custom.idle', execute: () => ({ kind: 'wait' }) });
    await expect(runNode(idle, { params: { text: 'x' } })).rejects.toThrow('without a time or an event');
  });

  it('returns what the node logged', async () => {
    const { logs } = await runNode(echo, { params: { text: 'hi' } });
    expect(logs).toEqual([{ level: 'info', msg: 'echoing', data: { text: 'hi' } }]);
  });

  it('answers HTTP through a handler and returns the requests made', async () => {
    const { result, requests } = await runNode(echo, { params: { text: 'x', call: true }, http: () => ({ status: 204 }) });
    expect(result).toMatchObject({ output: { answer: { status: 204, headers: {}, body: null } } });
    expect(requests).toEqual([{ method: 'GET', url: 'https://api.example.com/ping' }]);
  });

  it('fails a request nobody expected', async () => {
    await expect(runNode(echo, { params: { text: 'x', call: true } })).rejects.toThrow('FakeHttp: unexpected request GET https://api.example.com/ping');
    const http = new FakeHttp(() => undefined);
    await expect(runNode(echo, { params: { text: 'x', call: true }, http })).rejects.toThrow('unexpected request');
  });

  it('shares a FakeHttp across runs, reporting per run only that run\'s requests', async () => {
    const http = new FakeHttp(() => ({ status: 200 }));
    await runNode(echo, { params: { text: 'a', call: true }, http });
    const second = await runNode(echo, { params: { text: 'b', call: true }, http });
    expect(second.requests).toHaveLength(1);
    expect(http.requests).toHaveLength(2);
  });

  it('passes resume info to a waiting node', async () => {
    const waiter = defineNode({
      type: 'custom.wait',
      version: 1,
      title: 'Wait',
      description: 'Waits an hour once.',
      category: 'flow',
      icon: 'timer',
      outputs: ['out'],
      waits: true,
      params: z.object({}),
      execute: (ctx) => (ctx.resume ? next(ctx.resume.reason) : waitUntil(new Date(ctx.now().getTime() + 3_600_000))),
    });
    expect((await runNode(waiter, { params: {} })).result).toEqual({ kind: 'wait', until: new Date('2026-01-05T10:00:00Z') });
    const resume = { reason: 'time', waitedSince: DEFAULT_NOW } as const;
    expect((await runNode(waiter, { params: {}, resume })).result).toEqual({ kind: 'continue', port: 'out', output: 'time' });
  });

  describe('messaging services', () => {
    // A custom node of the kind an integrator writes: one email and one SMS, if the runtime has them.
    const notify = defineNode({
      type: 'custom.notify',
      version: 1,
      title: 'Notify',
      description: 'Sends an email and an SMS.',
      category: 'email',
      icon: 'mail',
      outputs: ['out'],
      params: z.object({ to: z.string() }),
      async execute(ctx) {
        const credential = { id: 'c', type: 'smtp', data: {} };
        const mail = await ctx.services.email?.send({ credential, from: 'a@tern.example', to: ctx.params.to, subject: 's', text: 't', messageId: '<m@tern.example>' });
        const sms = await ctx.services.sms?.send({ credential, from: '+15017122661', to: '+4915123456789', body: 'b' });
        return next({ mail: mail ?? null, sms: sms ?? null, link: ctx.services.tracking?.openUrl({ executionId: 'e', nodeId: ctx.node.id }) ?? null });
      },
    });

    it('accepts every message by default and returns what was sent in this run', async () => {
      const { result, emails, texts } = await runNode(notify, { params: { to: 'ada@example.com' }, nodeId: 'n1' });
      expect(emails).toMatchObject([{ to: 'ada@example.com', messageId: '<m@tern.example>' }]);
      expect(texts).toMatchObject([{ to: '+4915123456789', body: 'b' }]);
      expect(result).toMatchObject({
        output: {
          mail: { messageId: '<m@tern.example>', status: 'sent', accepted: ['ada@example.com'] },
          sms: { messageId: 'SM00000000000000000000000000000001', status: 'queued' },
          link: 'https://tern.test/t/open/e.n1.-',
        },
      });
    });

    it('answers through handlers, shares recorders across runs, and leaves a service out when given null', async () => {
      const email = new FakeEmail((m) => ({ messageId: m.messageId, status: 'sent', accepted: [], rejected: [m.to], response: '250 queued' }));
      const sms = new FakeSms(() => ({ messageId: 'SM1', status: 'sent' }));
      await runNode(notify, { params: { to: 'a@example.com' }, email, sms });
      const second = await runNode(notify, { params: { to: 'b@example.com' }, email, sms });
      expect(second.emails.map((m) => m.to)).toEqual(['b@example.com']);
      expect(email.messages.map((m) => m.to)).toEqual(['a@example.com', 'b@example.com']);
      expect(second.result).toMatchObject({ output: { mail: { rejected: ['b@example.com'] }, sms: { messageId: 'SM1' } } });
      const none = await runNode(notify, { params: { to: 'a@example.com' }, email: null, sms: null, tracking: null });
      expect(none.result).toMatchObject({ output: { mail: null, sms: null, link: null } });
      expect(none.emails).toEqual([]);
    });
  });
});
