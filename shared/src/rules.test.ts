import { describe, expect, it } from 'vitest';
import { problemsFromZod } from './problems.js';
import { evaluateRule, evaluateRules, type Rule, RuleError, type RuleOperator, type Rules, rulesSchema } from './rules.js';

const data = {
  trigger: {
    body: { score: 60, scoreText: '60', plan: 'Pro', email: 'Ada@Example.com', items: ['tee', 'mug'], zero: 0, blank: '', off: false },
    at: '2024-06-01T12:00:00Z',
  },
  contact: { email: 'ada@example.com', tags: ['vip', 'newsletter'], country: 'DE', signed_up: '2024-01-15' },
};

const test = (field: string, op: RuleOperator, value?: unknown) => evaluateRule({ field, op, value } as Rule, data);

describe('equality', () => {
  it('treats a number and its text as equal', () => {
    expect(test('trigger.body.score', 'eq', '60')).toBe(true);
    expect(test('trigger.body.scoreText', 'eq', 60)).toBe(true);
    expect(test('trigger.body.scoreText', 'eq', '060')).toBe(false);
    expect(test('trigger.body.scoreText', 'eq', 60.0)).toBe(true);
  });

  it('compares text case-sensitively', () => {
    expect(test('trigger.body.plan', 'eq', 'Pro')).toBe(true);
    expect(test('trigger.body.plan', 'eq', 'pro')).toBe(false);
    expect(test('trigger.body.plan', 'neq', 'pro')).toBe(true);
  });

  it('matches booleans written as text', () => {
    expect(test('trigger.body.off', 'eq', 'false')).toBe(true);
    expect(test('trigger.body.off', 'eq', true)).toBe(false);
  });

  it('treats a missing field as equal only to nothing', () => {
    expect(test('trigger.body.nope', 'eq', null)).toBe(true);
    expect(test('trigger.body.nope', 'eq', '')).toBe(false);
    expect(test('trigger.body.nope', 'neq', 'x')).toBe(true);
  });

  it('compares lists by content', () => {
    expect(test('trigger.body.items', 'eq', ['tee', 'mug'])).toBe(true);
    expect(test('trigger.body.items', 'eq', ['mug', 'tee'])).toBe(false);
  });
});

describe('numbers', () => {
  it.each([
    ['gt', 59, true], ['gt', 60, false],
    ['gte', 60, true], ['gte', 61, false],
    ['lt', 61, true], ['lt', 60, false],
    ['lte', 60, true], ['lte', 59, false],
  ] as const)('%s %s', (op, value, expected) => {
    expect(test('trigger.body.score', op, value)).toBe(expected);
  });

  it('compares numbers given as text on either side', () => {
    expect(test('trigger.body.scoreText', 'gt', '59.5')).toBe(true);
  });

  it('is false when either side is not a number', () => {
    expect(test('trigger.body.plan', 'gt', 1)).toBe(false);
    expect(test('trigger.body.plan', 'lt', 1)).toBe(false);
    expect(test('trigger.body.nope', 'lte', 0)).toBe(false);
    expect(test('trigger.body.blank', 'lte', 0)).toBe(false);
  });
});

describe('text and lists', () => {
  it('finds text case-insensitively', () => {
    expect(test('trigger.body.email', 'contains', 'example.COM')).toBe(true);
    expect(test('trigger.body.email', 'not_contains', 'gmail')).toBe(true);
    expect(test('trigger.body.email', 'starts_with', 'ada@')).toBe(true);
    expect(test('trigger.body.email', 'ends_with', '.COM')).toBe(true);
    expect(test('trigger.body.email', 'ends_with', '.org')).toBe(false);
  });

  it('finds items in a list', () => {
    expect(test('trigger.body.items', 'contains', 'mug')).toBe(true);
    expect(test('trigger.body.items', 'not_contains', 'hat')).toBe(true);
  });

  it('does not treat numbers as text for starts_with', () => {
    expect(test('trigger.body.score', 'starts_with', '6')).toBe(false);
  });

  it('checks membership with in / not_in given a list', () => {
    expect(test('contact.country', 'in', ['AT', 'DE', 'CH'])).toBe(true);
    expect(test('contact.country', 'not_in', ['AT', 'CH'])).toBe(true);
    expect(test('trigger.body.score', 'in', ['50', '60'])).toBe(true);
  });

  it('checks membership with in / not_in given comma-separated text', () => {
    expect(test('contact.country', 'in', 'AT, DE ,CH')).toBe(true);
    expect(test('contact.country', 'in', 'AT,CH')).toBe(false);
    expect(test('contact.country', 'not_in', 'AT,CH')).toBe(true);
    expect(test('trigger.body.score', 'in', '10, 60')).toBe(true);
  });
});

describe('presence', () => {
  it('counts empty text and missing fields as not existing, but keeps 0 and false', () => {
    expect(test('trigger.body.zero', 'exists')).toBe(true);
    expect(test('trigger.body.off', 'exists')).toBe(true);
    expect(test('trigger.body.blank', 'exists')).toBe(false);
    expect(test('trigger.body.blank', 'not_exists')).toBe(true);
    expect(test('contact.phone', 'not_exists')).toBe(true);
  });

  it('cannot reach the prototype of the data', () => {
    expect(test('contact.constructor', 'exists')).toBe(false);
    expect(test('contact.__proto__', 'exists')).toBe(false);
  });
});

describe('dates', () => {
  it('compares ISO dates with before / after', () => {
    expect(test('contact.signed_up', 'before', '2024-02-01')).toBe(true);
    expect(test('contact.signed_up', 'after', '2024-02-01')).toBe(false);
    expect(test('trigger.at', 'after', '2024-06-01T11:59:59Z')).toBe(true);
  });

  it('compares instants, not text: offsets count', () => {
    // 12:00Z is 14:00 in Berlin in June; 13:30+02:00 is 11:30Z, so the trigger came after it.
    expect(test('trigger.at', 'after', '2024-06-01T13:30:00+02:00')).toBe(true);
    expect(test('trigger.at', 'before', '2024-06-01T14:30:00+02:00')).toBe(true);
  });

  it('accepts Date objects and epoch milliseconds', () => {
    const at = Date.parse('2024-06-01T12:00:00Z');
    expect(evaluateRule({ field: 'when', op: 'before', value: at + 1 }, { when: new Date(at) })).toBe(true);
    expect(evaluateRule({ field: 'when', op: 'after', value: new Date(at - 1) }, { when: at })).toBe(true);
  });

  it('is false for values that are not dates', () => {
    expect(test('trigger.body.plan', 'before', '2030-01-01')).toBe(false);
    expect(test('contact.phone', 'after', '2000-01-01')).toBe(false);
    expect(test('trigger.at', 'before', 'tomorrow')).toBe(false);
  });
});

describe('tags and segments', () => {
  it('reads tags from contact.tags', () => {
    expect(test('contact', 'has_tag', 'vip')).toBe(true);
    expect(test('contact', 'has_tag', 'churned')).toBe(false);
    expect(test('contact', 'not_has_tag', 'churned')).toBe(true);
  });

  it('asks the installation for tags and segments when it provides them', () => {
    const facts = { hasTag: (t: string) => t === 'beta', inSegment: (s: string) => s === 'active-buyers' };
    expect(evaluateRule({ field: 'contact', op: 'has_tag', value: 'beta' }, data, facts)).toBe(true);
    expect(evaluateRule({ field: 'contact', op: 'has_tag', value: 'vip' }, data, facts)).toBe(false);
    expect(evaluateRule({ field: 'contact', op: 'in_segment', value: 'active-buyers' }, data, facts)).toBe(true);
    expect(evaluateRule({ field: 'contact', op: 'not_in_segment', value: 'active-buyers' }, data, facts)).toBe(false);
  });

  it('reads membership by id or name from contact.segments, where the runtime puts it', () => {
    const member = { contact: { segments: [{ id: 'seg-1', name: 'Active buyers' }] } };
    expect(evaluateRule({ field: 'contact', op: 'in_segment', value: 'seg-1' }, member)).toBe(true);
    expect(evaluateRule({ field: 'contact', op: 'in_segment', value: 'Active buyers' }, member)).toBe(true);
    expect(evaluateRule({ field: 'contact', op: 'in_segment', value: 'seg-2' }, member)).toBe(false);
    expect(evaluateRule({ field: 'contact', op: 'not_in_segment', value: 'seg-2' }, member)).toBe(true);
    expect(evaluateRule({ field: 'contact', op: 'not_in_segment', value: 'seg-1' }, { contact: { segments: [] } })).toBe(true);
  });

  it('explains that segments are unavailable instead of guessing', () => {
    expect(() => test('contact', 'in_segment', 'x')).toThrow(RuleError);
    expect(() => test('contact', 'not_in_segment', 'x')).toThrow('"not_in_segment" needs segments, which this installation does not provide');
  });
});

describe('is_anniversary', () => {
  const at = (now: string, contact: Record<string, unknown>, settings: Record<string, unknown> = {}) =>
    evaluateRule({ field: 'contact.birthday', op: 'is_anniversary' }, { contact, workflow: { settings } }, { now: () => new Date(now) });

  it('matches the month and day of a date, whatever the year', () => {
    expect(at('2026-05-17T09:00:00Z', { birthday: '1990-05-17' })).toBe(true);
    expect(at('2026-05-17T09:00:00Z', { birthday: '1990-05-18' })).toBe(false);
    expect(at('2026-05-17T09:00:00Z', { birthday: '1984-05-17T00:00:00+02:00' })).toBe(true);
    expect(at('2026-05-17T09:00:00Z', { birthday: 'someday' })).toBe(false);
    expect(at('2026-05-17T09:00:00Z', {})).toBe(false);
  });

  it("counts today in the contact's time zone, else the workflow's", () => {
    // 23:30 UTC on the 16th is already the 17th in Berlin, still the 16th in New York.
    const now = '2026-05-16T23:30:00Z';
    expect(at(now, { birthday: '1990-05-17', timezone: 'Europe/Berlin' })).toBe(true);
    expect(at(now, { birthday: '1990-05-17', timezone: 'America/New_York' })).toBe(false);
    expect(at(now, { birthday: '1990-05-17' }, { timezone: 'Europe/Berlin' })).toBe(true);
    expect(at(now, { birthday: '1990-05-17' })).toBe(false);
  });

  it('celebrates 29 February on 28 February of a common year', () => {
    expect(at('2026-02-28T12:00:00Z', { birthday: '2000-02-29' })).toBe(true);
    expect(at('2028-02-28T12:00:00Z', { birthday: '2000-02-29' })).toBe(false);
    expect(at('2028-02-29T12:00:00Z', { birthday: '2000-02-29' })).toBe(true);
  });
});

describe('groups', () => {
  const hot = { field: 'trigger.body.score', op: 'gt', value: 50 } as const;
  const cold = { field: 'trigger.body.score', op: 'lt', value: 10 } as const;

  it('needs every rule for all, one for any', () => {
    expect(evaluateRules({ match: 'all', rules: [hot, cold] }, data)).toBe(false);
    expect(evaluateRules({ match: 'any', rules: [hot, cold] }, data)).toBe(true);
    expect(evaluateRules({ match: 'any', rules: [cold] }, data)).toBe(false);
  });

  it('evaluates nested groups', () => {
    const rules: Rules = {
      match: 'all',
      rules: [
        { field: 'contact.country', op: 'eq', value: 'DE' },
        { match: 'any', rules: [cold, { match: 'all', rules: [hot, { field: 'contact', op: 'has_tag', value: 'vip' }] }] },
      ],
    };
    expect(evaluateRules(rules, data)).toBe(true);
    expect(evaluateRules(rules, { ...data, contact: { ...data.contact, tags: [] } })).toBe(false);
  });

  it('treats an empty all-group as true and an empty any-group as false', () => {
    expect(evaluateRules({ match: 'all', rules: [] }, data)).toBe(true);
    expect(evaluateRules({ match: 'any', rules: [] }, data)).toBe(false);
  });
});

describe('rulesSchema', () => {
  it('accepts nested groups and defaults match to all', () => {
    const parsed = rulesSchema.parse({ rules: [{ field: 'a', op: 'exists' }, { rules: [] }] });
    expect(parsed).toEqual({ match: 'all', rules: [{ field: 'a', op: 'exists' }, { match: 'all', rules: [] }] });
  });

  it('names the field of a rule that tests nothing', () => {
    const result = rulesSchema.safeParse({ match: 'all', rules: [{ field: '', op: 'eq', value: 1 }] });
    expect(result.error?.issues).toMatchObject([{ path: ['rules', 0, 'field'], message: 'name the field to test, e.g. trigger.body.score' }]);
  });

  it('refuses unknown operators, naming the operator field and the known ones', () => {
    const result = rulesSchema.safeParse({ match: 'all', rules: [{ field: 'contact.email', op: 'is', value: 'x' }] });
    expect(result.success).toBe(false);
    const problems = problemsFromZod(result.error!, 'params');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe('params.rules.0.op');
    expect(problems[0]!.message).toMatch(/must be one of: eq, neq, gt/);
  });
});
