import { paramProblems } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { FakeContacts, runNode } from '../testing/index.js';
import { scoreNode } from './score.js';

const ada = { id: 'c1', email: 'ada@example.com', tags: [], score: 40, fields: {} };

describe('crm.score', () => {
  it('adds points and outputs { from, to, delta, contact } on out, recording score.changed', async () => {
    const contacts = new FakeContacts([ada]);
    const { result } = await runNode(scoreNode, { params: { points: '{{ trigger.points }}' }, trigger: { points: 15 }, contact: ada, contacts });
    expect(result).toMatchObject({ kind: 'continue', port: 'out', output: { from: 40, to: 55, delta: 15, contact: { id: 'c1', score: 55 } } });
    expect(contacts.events).toEqual([{ type: 'score.changed', contactId: 'c1', data: { from: 40, to: 55, delta: 15 } }]);
  });

  it('negative points subtract', async () => {
    const { result } = await runNode(scoreNode, { params: { points: -50 }, contact: ada });
    expect(result).toMatchObject({ output: { from: 40, to: -10, delta: -50 } });
  });

  it('a retried step (same idempotency key) adds its points once', async () => {
    const contacts = new FakeContacts([ada]);
    const run = () => runNode(scoreNode, { params: { points: 10 }, contact: ada, contacts, idempotencyKey: 'step-7' });
    await run();
    const again = await run();
    expect(again.result).toMatchObject({ output: { from: 40, to: 50 } });
    expect(contacts.contacts.get('c1')!.score).toBe(50);
    expect(contacts.events).toHaveLength(1);
  });

  it('fails on params.contactId in a run without a contact', async () => {
    await expect(runNode(scoreNode, { params: { points: 5 } })).rejects.toThrow('params.contactId');
  });

  it('refuses fractional, zero and missing points', () => {
    for (const points of [1.5, 0, undefined]) {
      expect(paramProblems('s', { points }, scoreNode, 'UTC').map((p) => p.field)).toEqual(['params.points']);
    }
  });
});
