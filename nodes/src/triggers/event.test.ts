import { paramProblems } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { runNode } from '../testing/index.js';
import { eventTrigger } from './event.js';

const problems = (params: Record<string, unknown>) => paramProblems('n', params, eventTrigger, 'UTC');
const payload = {
  event: { type: 'order.completed', data: { total: 99.5 }, at: '2026-01-05T09:00:00.000Z' },
  contact: { id: 'c1', email: 'ada@example.com', first_name: 'Ada' },
};

describe('trigger.event', () => {
  it('hands on the event and the contact it was recorded on', async () => {
    const { result } = await runNode(eventTrigger, { params: { event: 'order.completed' }, input: payload, contact: payload.contact });
    expect(result).toEqual({ kind: 'continue', port: 'out', output: payload });
  });

  it('takes a filter of rules over the event and the contact', () => {
    const filter = { match: 'all', rules: [{ field: 'params.event.data.total', op: 'gt', value: 50 }] };
    expect(problems({ event: 'order.completed', filter })).toEqual([]);
  });

  it('refuses a missing or malformed event type, naming the field', () => {
    expect(problems({})).toEqual([expect.objectContaining({ field: 'params.event' })]);
    expect(problems({ event: 'order completed!' })).toEqual([
      expect.objectContaining({ field: 'params.event', message: expect.stringContaining('letters, digits') }),
    ]);
  });
});
