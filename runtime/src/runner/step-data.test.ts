import { describe, expect, it } from 'vitest';
import { redactText, sanitizeValue } from './step-data.js';

describe('recorded step data', () => {
  it('replaces secret values wherever they appear, also inside JSON strings', () => {
    const secrets = new Set(['s3cr3t-token', 'pa"ss']);
    const value = { headers: { authorization: 'Bearer s3cr3t-token' }, body: { note: 'pa"ss and s3cr3t-token' }, n: 1 };
    expect(sanitizeValue(value, { maxBytes: 10_000, secrets })).toEqual({
      headers: { authorization: 'Bearer [redacted]' },
      body: { note: '[redacted] and [redacted]' },
      n: 1,
    });
    expect(redactText('failed with s3cr3t-token', secrets)).toBe('failed with [redacted]');
  });

  it('keeps data over the cap as a preview that says how large it was', () => {
    const big = { text: 'x'.repeat(5_000) };
    const kept = sanitizeValue(big, { maxBytes: 1_000, secrets: new Set() }) as { truncated: boolean; bytes: number; preview: string };
    expect(kept.truncated).toBe(true);
    expect(kept.bytes).toBe(JSON.stringify(big).length);
    expect(kept.preview.length).toBeLessThanOrEqual(1_000);
  });

  it('leaves small data without secrets untouched', () => {
    const value = { a: [1, 2, 3] };
    expect(sanitizeValue(value, { maxBytes: 1_000, secrets: new Set(['nothing-here']) })).toBe(value);
  });
});
