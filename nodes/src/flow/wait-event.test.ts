import { paramProblems } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { runNode } from '../testing/index.js';
import { waitEventNode } from './wait-event.js';

const problems = (params: Record<string, unknown>) => paramProblems('n', params, waitEventNode, 'UTC');
const contact = { id: 'c1', email: 'ada@example.com' };
const now = new Date('2026-01-05T09:00:00.000Z');
const params = { event: 'email.opened', timeout: { amount: 2, unit: 'days' } };

describe('flow.wait_event', () => {
  it('waits for the event of this contact, with the timeout as the deadline', async () => {
    const filter = { match: 'all', rules: [{ field: 'event.data.messageId', op: 'eq', value: '{{ steps.welcome.messageId }}' }] };
    const { result } = await runNode(waitEventNode, {
      params: { ...params, filter }, contact, now, steps: { welcome: { messageId: 'm-1' } },
    });
    expect(result).toEqual({
      kind: 'wait',
      event: {
        type: 'email.opened',
        // Templates in the filter are rendered when the wait starts.
        filter: { match: 'all', rules: [{ field: 'event.data.messageId', op: 'eq', value: 'm-1' }] },
        timeoutAt: new Date('2026-01-07T09:00:00.000Z'),
      },
    });
  });

  it('goes on along `event` with the event when it arrives', async () => {
    const event = { type: 'email.opened', data: { messageId: 'm-1' }, at: '2026-01-06T10:00:00.000Z' };
    const { result } = await runNode(waitEventNode, { params, contact, now, resume: { reason: 'event', waitedSince: now, event } });
    expect(result).toEqual({ kind: 'continue', port: 'event', output: { event } });
  });

  it('goes on along `timeout` when the deadline passes first', async () => {
    const { result } = await runNode(waitEventNode, { params, contact, now, resume: { reason: 'timeout', waitedSince: now } });
    expect(result).toEqual({ kind: 'continue', port: 'timeout', output: { timedOut: true, waitedSince: now } });
  });

  it('fails clearly without a contact: no event could ever reach it', async () => {
    await expect(runNode(waitEventNode, { params, now })).rejects.toThrow(/needs a contact/);
  });

  it('needs a positive timeout of at most a year', () => {
    expect(problems({ event: 'email.opened' })).toEqual([expect.objectContaining({ field: 'params.timeout' })]);
    expect(problems({ ...params, timeout: { amount: 0, unit: 'days' } })).toEqual([
      expect.objectContaining({ field: 'params.timeout.amount' }),
    ]);
    expect(problems({ ...params, timeout: { amount: 2, unit: 'years' } })).toEqual([
      expect.objectContaining({ field: 'params.timeout.unit' }),
    ]);
    expect(problems({ ...params, timeout: { amount: 53, unit: 'weeks' } })).toEqual([
      expect.objectContaining({ field: 'params.timeout.amount' }),
    ]);
  });
});
