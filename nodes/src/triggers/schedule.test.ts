import { paramProblems } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { runNode } from '../testing/index.js';
import { scheduleTrigger } from './schedule.js';

describe('trigger.schedule', () => {
  it('outputs the time it fired', async () => {
    const now = new Date('2026-02-02T08:00:00Z');
    const { result } = await runNode(scheduleTrigger, { params: { cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' }, now });
    expect(result).toEqual({ kind: 'continue', port: 'out', output: { firedAt: '2026-02-02T08:00:00.000Z' } });
  });

  it('keeps what the scheduler passes along with the firing', async () => {
    const { result } = await runNode(scheduleTrigger, { params: { cron: '*/15 * * * *' }, input: { scheduledFor: '2026-01-05T09:00:00Z' } });
    expect(result).toMatchObject({ output: { firedAt: '2026-01-05T09:00:00.000Z', scheduledFor: '2026-01-05T09:00:00Z' } });
  });

  it.each(['* * * * *', '0 9 * * MON-FRI', '30 */2 1 * *', '*/10 * * * * *'])('accepts the cron expression %s', (cron) => {
    expect(paramProblems('s', { cron }, scheduleTrigger, 'UTC')).toEqual([]);
  });

  it.each([
    ['a minute out of range', '61 * * * *', 'minute'],
    ['too few fields', '0 9 *', '5 or 6 fields'],
    ['words', 'every morning', 'cron'],
  ])('refuses %s, saying why', (_, cron, reason) => {
    const problems = paramProblems('s', { cron }, scheduleTrigger, 'UTC');
    expect(problems).toEqual([expect.objectContaining({ field: 'params.cron', message: expect.stringContaining(reason) })]);
  });

  it('takes a segment as its audience, by id or name, and refuses an empty one', () => {
    expect(paramProblems('s', { cron: '0 9 * * *', segment: 'Birthday club' }, scheduleTrigger, 'UTC')).toEqual([]);
    expect(paramProblems('s', { cron: '0 9 * * *', segment: ' ' }, scheduleTrigger, 'UTC'))
      .toEqual([expect.objectContaining({ field: 'params.segment' })]);
  });

  it('refuses an unknown time zone', () => {
    const problems = paramProblems('s', { cron: '0 9 * * *', timezone: 'Europe/Atlantis' }, scheduleTrigger, 'UTC');
    expect(problems).toEqual([expect.objectContaining({ field: 'params.timezone' })]);
  });

  it('refuses a templated cron expression: schedules are set when the workflow is activated', () => {
    const problems = paramProblems('s', { cron: '{{ workflow.settings.cron }}' }, scheduleTrigger, 'UTC');
    expect(problems).toEqual([expect.objectContaining({ field: 'params.cron', code: 'invalid_param' })]);
  });
});
