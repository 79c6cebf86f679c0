import { paramProblems } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { runNode } from '../testing/index.js';
import { setNode } from './set.js';

describe('data.set', () => {
  it('outputs the values with templates rendered, keeping the type of a lone {{ }}', async () => {
    const { result } = await runNode(setNode, {
      params: { values: { greeting: 'Hi {{ contact.first_name }}!', score: '{{ trigger.score }}', vip: true } },
      contact: { first_name: 'Ada' },
      trigger: { score: 72 },
    });
    expect(result).toEqual({ kind: 'continue', port: 'out', output: { greeting: 'Hi Ada!', score: 72, vip: true } });
  });

  it('builds nested objects from dotted names', async () => {
    const { result } = await runNode(setNode, {
      params: { values: { 'customer.tier': 'gold', 'customer.address.city': 'Lyon', source: 'webhook' } },
    });
    expect(result).toMatchObject({ output: { customer: { tier: 'gold', address: { city: 'Lyon' } }, source: 'webhook' } });
  });

  it.each([
    ['__proto__.polluted', 'params.values.__proto__.polluted'],
    ['a.constructor.prototype', 'params.values.a.constructor.prototype'],
    ['a..b', 'params.values.a..b'],
  ])('refuses the field name %s', async (key, field) => {
    expect(paramProblems('set', { values: { [key]: 1 } }, setNode, 'UTC').map((p) => p.field)).toEqual([field]);
    await expect(runNode(setNode, { params: { values: { [key]: 1 } } })).rejects.toThrow(field);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops a bare __proto__ key from JSON instead of touching any prototype', async () => {
    const values = JSON.parse('{ "__proto__": { "polluted": true }, "ok": 1 }') as Record<string, unknown>;
    const { result } = await runNode(setNode, { params: { values } });
    expect(result).toMatchObject({ output: { ok: 1 } });
    expect(Object.keys((result as { output: object }).output)).toEqual(['ok']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a name that writes inside another one', () => {
    const problems = paramProblems('set', { values: { customer: { tier: 'x' }, 'customer.tier': 'gold' } }, setNode, 'UTC');
    expect(problems).toEqual([expect.objectContaining({ field: 'params.values.customer.tier', message: expect.stringContaining('"customer"') })]);
  });
});
