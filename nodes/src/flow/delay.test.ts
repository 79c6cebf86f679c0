import { type NodeResult, paramProblems } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { fakeClock, runNode, type RunNodeOptions } from '../testing/index.js';
import { delayNode } from './delay.js';

const input = { orderId: 'o-1' };

async function delay(params: Record<string, unknown>, options: Partial<RunNodeOptions> = {}): Promise<NodeResult> {
  return (await runNode(delayNode, { params, input, ...options })).result;
}

const waitsUntil = (iso: string) => ({ kind: 'wait', until: new Date(iso) });
const goesOn = { kind: 'continue', port: 'out', output: input };

describe('flow.delay: duration', () => {
  const now = new Date('2026-01-05T09:00:00Z');

  it('waits days', async () => {
    expect(await delay({ mode: 'duration', amount: 3, unit: 'days' }, { now })).toMatchObject(waitsUntil('2026-01-08T09:00:00Z'));
  });

  it('waits weeks', async () => {
    expect(await delay({ mode: 'duration', amount: 2, unit: 'weeks' }, { now })).toMatchObject(waitsUntil('2026-01-19T09:00:00Z'));
  });

  it('waits minutes, and a fraction of an hour', async () => {
    expect(await delay({ mode: 'duration', amount: 90, unit: 'minutes' }, { now })).toMatchObject(waitsUntil('2026-01-05T10:30:00Z'));
    expect(await delay({ mode: 'duration', amount: 1.5, unit: 'hours' }, { now })).toMatchObject(waitsUntil('2026-01-05T10:30:00Z'));
  });

  it('keeps the wall-clock time for days across a DST change, but counts hours exactly', async () => {
    // 09:00 in Berlin the day before summer time starts.
    const saturday = { now: new Date('2026-03-28T08:00:00Z'), timezone: 'Europe/Berlin' };
    expect(await delay({ mode: 'duration', amount: 1, unit: 'days' }, saturday)).toMatchObject(waitsUntil('2026-03-29T07:00:00Z'));
    expect(await delay({ mode: 'duration', amount: 24, unit: 'hours' }, saturday)).toMatchObject(waitsUntil('2026-03-29T08:00:00Z'));
  });

  it('takes the amount from a template', async () => {
    const params = { mode: 'duration', amount: '{{ trigger.days }}', unit: 'days' };
    expect(await delay(params, { now, trigger: { days: 2 } })).toMatchObject(waitsUntil('2026-01-07T09:00:00Z'));
  });

  it.each([
    [{ amount: 0, unit: 'days' }, 'params.amount'],
    [{ amount: 11, unit: 'weeks' }, null],
    [{ amount: 600, unit: 'weeks' }, 'params.amount'],
    [{ amount: 3, unit: 'months' }, 'params.unit'],
  ])('checks the duration %o on save', (duration, field) => {
    const problems = paramProblems('d', { mode: 'duration', ...duration }, delayNode, 'UTC');
    expect(problems.map((p) => p.field)).toEqual(field ? [field] : []);
  });
});

describe('flow.delay: until', () => {
  it('waits until a date-time with an offset, whatever the workflow time zone', async () => {
    const params = { mode: 'until', at: '2026-02-01T10:00:00+01:00' };
    expect(await delay(params, { timezone: 'America/New_York' })).toMatchObject(waitsUntil('2026-02-01T09:00:00Z'));
  });

  it("reads a date-time without offset in the workflow's time zone", async () => {
    const params = { mode: 'until', at: '2026-02-01T10:00' };
    expect(await delay(params, { timezone: 'America/New_York' })).toMatchObject(waitsUntil('2026-02-01T15:00:00Z'));
    expect(await delay(params, { timezone: 'Asia/Tokyo' })).toMatchObject(waitsUntil('2026-02-01T01:00:00Z'));
  });

  it('takes the date from a template, e.g. a day before an event', async () => {
    const params = { mode: 'until', at: '{{ trigger.event.starts_on }}T09:00' };
    const result = await delay(params, { trigger: { event: { starts_on: '2026-06-12' } }, timezone: 'Europe/Paris' });
    expect(result).toMatchObject(waitsUntil('2026-06-12T07:00:00Z'));
  });

  it('goes on at once when the date has passed', async () => {
    expect(await delay({ mode: 'until', at: '2025-12-24T18:00:00Z' })).toEqual(goesOn);
  });

  it('refuses on save a local time that the DST change skips, naming params.at', () => {
    const problems = paramProblems('d', { mode: 'until', at: '2026-03-29T02:30' }, delayNode, 'Europe/Berlin');
    expect(problems).toEqual([
      expect.objectContaining({ nodeId: 'd', field: 'params.at', message: expect.stringContaining('does not exist in Europe/Berlin') }),
    ]);
    // The same wall-clock time exists in UTC, and with an explicit offset it is one instant.
    expect(paramProblems('d', { mode: 'until', at: '2026-03-29T02:30' }, delayNode, 'UTC')).toEqual([]);
    expect(paramProblems('d', { mode: 'until', at: '2026-03-29T02:30+01:00' }, delayNode, 'Europe/Berlin')).toEqual([]);
  });

  it('refuses on save a date it cannot read', () => {
    const problems = paramProblems('d', { mode: 'until', at: 'next friday' }, delayNode, 'UTC');
    expect(problems).toEqual([expect.objectContaining({ field: 'params.at', message: expect.stringContaining('ISO 8601') })]);
  });

  it('leaves a templated date to run time, and fails the step there naming params.at', async () => {
    const params = { mode: 'until', at: '{{ trigger.when }}' };
    expect(paramProblems('d', params, delayNode, 'Europe/Berlin')).toEqual([]);
    await expect(delay(params, { trigger: { when: '2026-03-29T02:30' }, timezone: 'Europe/Berlin' })).rejects.toThrow(
      /^params\.at: .*does not exist in Europe\/Berlin/,
    );
    await expect(delay(params, { trigger: { when: 'soon' } })).rejects.toThrow(/^params\.at: "soon" is not an ISO 8601/);
  });
});

describe('flow.delay: window', () => {
  const weekdays9to5 = { mode: 'window', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00', timezone: 'workflow' };

  it('waits over the weekend for Monday morning', async () => {
    // Friday 18:00 in Berlin.
    const result = await delay(weekdays9to5, { now: new Date('2026-01-09T17:00:00Z'), timezone: 'Europe/Berlin' });
    expect(result).toMatchObject(waitsUntil('2026-01-12T08:00:00Z'));
  });

  it('waits for the window later the same day', async () => {
    const result = await delay(weekdays9to5, { now: new Date('2026-01-06T05:30:00Z'), timezone: 'Europe/Berlin' });
    expect(result).toMatchObject(waitsUntil('2026-01-06T08:00:00Z'));
  });

  it('goes on at once inside a window', async () => {
    expect(await delay(weekdays9to5, { now: new Date('2026-01-06T12:00:00Z'), timezone: 'Europe/Berlin' })).toEqual(goesOn);
  });

  it('opens at local 09:00 after the clocks change over the weekend', async () => {
    // Saturday before summer time: Monday 09:00 CEST is 07:00 UTC, not 08:00.
    const result = await delay(weekdays9to5, { now: new Date('2026-03-28T12:00:00Z'), timezone: 'Europe/Berlin' });
    expect(result).toMatchObject(waitsUntil('2026-03-30T07:00:00Z'));
  });

  it("uses the contact's time zone", async () => {
    const params = { ...weekdays9to5, timezone: 'contact' };
    // Monday 09:00 UTC is 04:00 in New York.
    const options = { now: new Date('2026-01-05T09:00:00Z'), contact: { email: 'a@example.com', timezone: 'America/New_York' } };
    expect(await delay(params, options)).toMatchObject(waitsUntil('2026-01-05T14:00:00Z'));
  });

  it("falls back to the workflow's time zone when the contact has none, or an invalid one", async () => {
    const params = { ...weekdays9to5, timezone: 'contact' };
    const now = new Date('2026-01-05T09:00:00Z');
    expect(await delay(params, { now, contact: { email: 'a@example.com' } })).toEqual(goesOn);
    const { result, logs } = await runNode(delayNode, { params, input, now, contact: { timezone: 'Mars/Olympus' } });
    expect(result).toEqual(goesOn);
    expect(logs).toEqual([expect.objectContaining({ level: 'warn', msg: expect.stringContaining('Mars/Olympus') })]);
  });

  it('uses a named time zone', async () => {
    const params = { ...weekdays9to5, timezone: 'Asia/Tokyo' };
    // Monday 09:00 UTC is 18:00 in Tokyo: after hours, so Tuesday 09:00 JST.
    expect(await delay(params, { now: new Date('2026-01-05T09:00:00Z') })).toMatchObject(waitsUntil('2026-01-06T00:00:00Z'));
  });

  it('handles a window past midnight', async () => {
    const night = { mode: 'window', days: ['fri'], from: '22:00', to: '02:00', timezone: 'UTC' };
    expect(await delay(night, { now: new Date('2026-01-10T01:00:00Z') })).toEqual(goesOn); // Saturday 01:00
    expect(await delay(night, { now: new Date('2026-01-10T03:00:00Z') })).toMatchObject(waitsUntil('2026-01-16T22:00:00Z'));
  });

  it('runs a window to midnight with 24:00', async () => {
    const evening = { mode: 'window', days: ['sat'], from: '20:00', to: '24:00', timezone: 'UTC' };
    expect(await delay(evening, { now: new Date('2026-01-10T23:59:00Z') })).toEqual(goesOn);
    expect(await delay(evening, { now: new Date('2026-01-11T00:00:00Z') })).toMatchObject(waitsUntil('2026-01-17T20:00:00Z'));
  });

  it('refuses an empty window or no days on save', () => {
    const field = (params: Record<string, unknown>) => paramProblems('d', params, delayNode, 'UTC').map((p) => p.field);
    expect(field({ ...weekdays9to5, to: '09:00' })).toEqual(['params.to']);
    expect(field({ ...weekdays9to5, days: [] })).toEqual(['params.days']);
    expect(field({ ...weekdays9to5, from: '9am' })).toEqual(['params.from']);
    expect(field({ ...weekdays9to5, timezone: 'Mars/Olympus' })).toEqual(['params.timezone']);
  });
});

describe('flow.delay: resume', () => {
  it('passes its input on when resumed after the wait', async () => {
    const clock = fakeClock('2026-01-05T09:00:00Z');
    const params = { mode: 'duration', amount: 3, unit: 'days' };
    const first = await delay(params, { now: clock.now });
    expect(first).toMatchObject(waitsUntil('2026-01-08T09:00:00Z'));

    clock.advance({ amount: 3, unit: 'days' });
    const resume = { reason: 'time', waitedSince: new Date('2026-01-05T09:00:00Z') } as const;
    expect(await delay(params, { now: clock.now, resume })).toEqual(goesOn);
  });
});
