import { paramProblems } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { runNode } from '../testing/index.js';
import { httpRespondNode } from './respond.js';

describe('http.respond', () => {
  it('sets the webhook response from templates and goes on with it as output', async () => {
    const { result } = await runNode(httpRespondNode, {
      params: { status: 201, headers: { 'X-Request-Id': '{{ trigger.headers.id }}' }, body: { welcome: 'Hi {{ contact.first_name }}' } },
      trigger: { headers: { id: 'r-9' } },
      contact: { first_name: 'Ada' },
    });
    const response = { status: 201, headers: { 'X-Request-Id': 'r-9' }, body: { welcome: 'Hi Ada' } };
    expect(result).toEqual({ kind: 'continue', port: 'out', output: response, response });
  });

  it('answers 200 with no extra headers by default, with a text body', async () => {
    const { result } = await runNode(httpRespondNode, { params: { body: 'thanks' } });
    expect(result).toMatchObject({ response: { status: 200, headers: {}, body: 'thanks' } });
  });

  it.each([
    [{ status: 99, body: '' }, 'params.status'],
    [{ status: 600, body: '' }, 'params.status'],
    [{ status: 200 }, 'params.body'],
  ])('refuses %o on save', (params, field) => {
    expect(paramProblems('r', params, httpRespondNode, 'UTC').map((p) => p.field)).toEqual([field]);
  });
});
