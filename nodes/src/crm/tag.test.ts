import { paramProblems } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { FakeContacts, runNode } from '../testing/index.js';
import { tagNode } from './tag.js';

const ada = { id: 'c1', email: 'ada@example.com', tags: ['lead', 'trial'], score: 0, fields: {} };

describe('crm.tag', () => {
  it('adds and removes tags on the run contact, outputs it on out, and records only the tags that changed', async () => {
    const contacts = new FakeContacts([ada]);
    const { result } = await runNode(tagNode, {
      params: { add: ['customer', 'lead', '{{ trigger.plan }}'], remove: ['trial', 'never-had'] },
      contact: ada, trigger: { plan: 'pro' }, contacts,
    });
    expect(result).toMatchObject({ kind: 'continue', port: 'out', output: { id: 'c1', tags: ['lead', 'customer', 'pro'] } });
    expect(contacts.events).toEqual([
      { type: 'tag.added', contactId: 'c1', data: { tag: 'customer' } },
      { type: 'tag.added', contactId: 'c1', data: { tag: 'pro' } },
      { type: 'tag.removed', contactId: 'c1', data: { tag: 'trial' } },
    ]);
  });

  it('a retried step (same idempotency key) records nothing twice', async () => {
    const contacts = new FakeContacts([ada]);
    const run = () => runNode(tagNode, { params: { add: ['vip'] }, contact: ada, contacts, idempotencyKey: 'step-1' });
    await run();
    const again = await run();
    expect(again.result).toMatchObject({ output: { tags: ['lead', 'trial', 'vip'] } });
    expect(contacts.events).toHaveLength(1);
  });

  it('tags the contact named by contactId; without any contact it fails on params.contactId', async () => {
    const contacts = new FakeContacts([ada]);
    const { result } = await runNode(tagNode, { params: { remove: ['lead'], contactId: 'c1' }, contacts });
    expect(result).toMatchObject({ output: { tags: ['trial'] } });
    await expect(runNode(tagNode, { params: { add: ['x'] }, contacts })).rejects.toThrow('params.contactId');
  });

  it('needs a tag to add or remove, and refuses an empty one', () => {
    expect(paramProblems('t', {}, tagNode, 'UTC').map((p) => p.field)).toEqual(['params.add']);
    expect(paramProblems('t', { add: [' '] }, tagNode, 'UTC').map((p) => p.field)).toContain('params.add.0');
  });
});
