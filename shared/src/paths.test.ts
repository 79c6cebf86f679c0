import { describe, expect, it } from 'vitest';
import { getPath, splitPath } from './paths.js';

describe('splitPath', () => {
  it('splits dots and bracket indexes', () => {
    expect(splitPath('trigger.body.items[0].sku')).toEqual(['trigger', 'body', 'items', '0', 'sku']);
    expect(splitPath('steps.lookup.rows[2][1]')).toEqual(['steps', 'lookup', 'rows', '2', '1']);
  });

  it('ignores spaces around segments and empty segments', () => {
    expect(splitPath(' contact . email ')).toEqual(['contact', 'email']);
    expect(splitPath('contact..email.')).toEqual(['contact', 'email']);
    expect(splitPath('')).toEqual([]);
  });
});

describe('getPath', () => {
  const data = {
    trigger: { body: { items: [{ sku: 'TEE' }, { sku: 'MUG' }], note: null, count: 0 } },
    contact: { email: 'ada@example.com' },
  };

  it('reads nested fields', () => {
    expect(getPath(data, 'contact.email')).toBe('ada@example.com');
    expect(getPath(data, 'trigger.body.count')).toBe(0);
  });

  it('reads list items with dots or brackets', () => {
    expect(getPath(data, 'trigger.body.items.1.sku')).toBe('MUG');
    expect(getPath(data, 'trigger.body.items[0].sku')).toBe('TEE');
  });

  it('returns the data itself for an empty path', () => {
    expect(getPath(data, '')).toBe(data);
  });

  it('yields undefined for missing fields and instead of failing through null or text', () => {
    expect(getPath(data, 'contact.phone')).toBeUndefined();
    expect(getPath(data, 'trigger.body.items.5.sku')).toBeUndefined();
    expect(getPath(data, 'trigger.body.note.text')).toBeUndefined();
    expect(getPath(data, 'contact.email.length')).toBeUndefined();
    expect(getPath(undefined, 'a.b')).toBeUndefined();
  });

  it.each(['contact.constructor', 'contact.__proto__', 'contact.constructor.prototype', 'contact.toString', 'contact.hasOwnProperty'])(
    'never reaches the prototype: %s',
    (path) => {
      expect(getPath(data, path)).toBeUndefined();
    },
  );

  it('refuses __proto__ even when the data has it as its own key', () => {
    const parsed = JSON.parse('{"__proto__": {"admin": true}}') as unknown;
    expect(getPath(parsed, '__proto__.admin')).toBeUndefined();
  });

  it('reads objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { plan: 'pro' });
    expect(getPath({ account: bare }, 'account.plan')).toBe('pro');
  });
});
