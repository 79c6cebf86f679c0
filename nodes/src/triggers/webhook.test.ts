import { paramProblems } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { runNode } from '../testing/index.js';
import { webhookParams, webhookTrigger } from './webhook.js';

describe('trigger.webhook', () => {
  it('passes the request payload the HTTP layer built on as its output', async () => {
    const payload = { body: { email: 'ada@example.com' }, query: {}, headers: {}, method: 'POST', path: 'signup' };
    const { result } = await runNode(webhookTrigger, { params: { path: 'signup' }, input: payload });
    expect(result).toEqual({ kind: 'continue', port: 'out', output: payload });
  });

  it('defaults to POST and responding immediately, and strips outer slashes from the path', () => {
    expect(webhookParams.parse({ path: '/shop/orders/' })).toEqual({ path: 'shop/orders', method: 'POST', respond: 'immediately' });
  });

  it('accepts every auth type of the contract', () => {
    const auths = [
      { type: 'none' },
      { type: 'header', name: 'x-api-key', value: 'k' },
      { type: 'basic', username: 'u', password: 'p' },
      { type: 'hmac', preset: 'stripe', secret: 'whsec_x' },
    ];
    for (const auth of auths) expect(paramProblems('hook', { path: 'a', auth }, webhookTrigger, 'UTC')).toEqual([]);
    expect(webhookParams.parse({ path: 'a', auth: { type: 'hmac', preset: 'github', secret: 's' } }).auth).toMatchObject({ toleranceSeconds: 300 });
  });

  it.each([
    ['a path with a space', { path: 'sign up' }, 'params.path'],
    ['a path of slashes only', { path: '//' }, 'params.path'],
    ['a ".." segment', { path: 'a/../b' }, 'params.path'],
    ['a path longer than 200 characters', { path: 'a'.repeat(201) }, 'params.path'],
    ['an unknown method', { path: 'a', method: 'TRACE' }, 'params.method'],
    ['an unknown HMAC preset', { path: 'a', auth: { type: 'hmac', preset: 'paypal', secret: 's' } }, 'params.auth.preset'],
    ['an IP allow-list entry that is no address', { path: 'a', allowIps: ['10.0.0.0/8', 'office'] }, 'params.allowIps.1'],
  ])('refuses %s on save', (_, params, field) => {
    const problems = paramProblems('hook', params, webhookTrigger, 'UTC');
    expect(problems.map((p) => p.field)).toContain(field);
  });

  it('refuses a templated path, since the route is fixed at activation', () => {
    const problems = paramProblems('hook', { path: '{{ trigger.body.slug }}' }, webhookTrigger, 'UTC');
    expect(problems).toEqual([expect.objectContaining({ nodeId: 'hook', field: 'params.path', code: 'invalid_param' })]);
  });
});
