import { describe, expect, it } from 'vitest';
import { initialParams } from '../src/canvas/add-node.js';
import { defaultParams } from '../src/canvas/default-params.js';
import { describeType } from './canvas-fixtures.js';

describe('defaultParams', () => {
  it('starts a condition with all-match and no rules', () => {
    expect(defaultParams(describeType('logic.condition').params)).toEqual({ match: 'all', rules: [] });
  });

  it('fills a webhook with its defaults and an empty required path, leaving optional auth out', () => {
    expect(defaultParams(describeType('trigger.webhook').params)).toEqual({ path: '', method: 'POST', respond: 'immediately' });
  });

  it('gives a switch the one case it needs, following the $ref to its rules', () => {
    expect(defaultParams(describeType('logic.switch').params)).toEqual({ cases: [{ match: 'all', rules: [] }] });
  });

  it('starts a union at its first branch (a delay waits for a duration)', () => {
    expect(defaultParams(describeType('flow.delay').params)).toEqual({ mode: 'duration', amount: 1, unit: 'seconds' });
  });

  it('keeps optional defaults and fills required fields by type', () => {
    expect(defaultParams(describeType('http.request').params)).toEqual({ method: 'GET', url: '', timeoutMs: 10000, retries: 0 });
    expect(defaultParams(describeType('data.set').params)).toEqual({ values: {} });
    expect(defaultParams(describeType('trigger.manual').params)).toEqual({});
    expect(
      defaultParams({
        type: 'object',
        properties: { on: { type: 'boolean' }, n: { type: 'integer', minimum: 3 }, tags: { type: 'array', items: { type: 'string' } }, note: { type: 'string' } },
        required: ['on', 'n', 'tags'],
      }),
    ).toEqual({ on: false, n: 3, tags: [] });
  });

  it('does not share default objects between nodes', () => {
    const schema = { type: 'object', properties: { values: { type: 'object', default: { a: 1 } } } };
    const a = defaultParams(schema);
    (a.values as Record<string, number>).a = 2;
    expect(defaultParams(schema)).toEqual({ values: { a: 1 } });
  });

  it('answers {} for a schema that is not an object', () => {
    expect(defaultParams(undefined)).toEqual({});
    expect(defaultParams({ type: 'string' })).toEqual({});
  });
});

describe('initialParams', () => {
  it('gives each new webhook a path of its own, so a new workflow is valid', () => {
    const a = initialParams(describeType('trigger.webhook'));
    const b = initialParams(describeType('trigger.webhook'));
    expect(a.path).toMatch(/^webhook-[a-z0-9]{6}$/);
    expect(a.path).not.toBe(b.path);
  });
});
