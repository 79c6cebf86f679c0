import { describe, expect, it } from 'vitest';
import { fitsWithin, redactText, sanitizeValue } from './step-data.js';

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

  it('only skips measuring data whose JSON certainly fits under the cap', () => {
    const samples: unknown[] = [
      { a: 'plain' }, ['x', 1, true, null], { quote: '"\\', control: '\u0001\u0002', emoji: '🦜 Grüße', nested: { deep: [[[1]]] } },
      { at: new Date('2026-01-05T09:00:00Z') }, 'x'.repeat(500), { list: Array.from({ length: 50 }, (_, i) => ({ i, s: 'é'.repeat(i) })) },
    ];
    for (const value of samples) {
      const bytes = Buffer.byteLength(JSON.stringify(value));
      for (const limit of [bytes - 1, bytes, bytes * 2, bytes * 8]) {
        if (fitsWithin(value, limit)) expect(bytes).toBeLessThanOrEqual(limit);
      }
      // A generous cap is recognised without measuring.
      if (!(value as { at?: unknown }).at) expect(fitsWithin(value, bytes * 7)).toBe(true);
    }
  });
});
