import { describe, expect, it } from 'vitest';
import { evaluateRules } from './rules.js';

describe('rules', () => {
  it('compares numbers given as text', () => {
    expect(evaluateRules({ match: 'all', rules: [{ field: 'a.score', op: 'gt', value: 50 }] }, { a: { score: '60' } })).toBe(true);
  });
});
