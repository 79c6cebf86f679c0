// The time and duration words every list shows.
import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration, formatRelative } from '../src/ui/format.js';

const now = Date.parse('2025-03-10T12:00:00.000Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('format', () => {
  it('says how long ago, or how soon, in words', () => {
    expect(formatRelative(ago(10_000), now)).toBe('just now');
    expect(formatRelative(ago(5 * 60_000), now)).toBe('5 minutes ago');
    expect(formatRelative(ago(3 * 3_600_000), now)).toBe('3 hours ago');
    expect(formatRelative(ago(24 * 3_600_000), now)).toBe('yesterday');
    expect(formatRelative(ago(-2 * 3_600_000), now)).toBe('in 2 hours');
    expect(formatRelative(ago(90 * 24 * 3_600_000), now)).toMatch(/^Dec \d+, 2024$/);
    expect(formatRelative(null, now)).toBe('—');
    expect(formatRelative('not a date', now)).toBe('—');
  });

  it('writes durations with the units that matter', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4_210)).toBe('4.2 s');
    expect(formatDuration(200_000)).toBe('3 min 20 s');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(3 * 86_400_000)).toBe('3 d');
    expect(formatDuration(-1)).toBe('—');
  });

  it('writes a date and time, and a dash for none', () => {
    expect(formatDateTime('2025-03-10T12:00:00.000Z')).toMatch(/Mar 10, 2025/);
    expect(formatDateTime(undefined)).toBe('—');
  });
});
