import { paramProblems } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { FakeContacts, runNode } from '../testing/index.js';
import { contactNode } from './contact.js';

const ada = { id: 'c1', email: 'ada@example.com', first_name: 'Ada', tags: [], score: 0, fields: { plan: 'free' } };

describe('crm.contact', () => {
  it("upsert updates the run's contact, templates rendered, custom fields merged, and outputs it on out", async () => {
    const contacts = new FakeContacts([ada]);
    const { result } = await runNode(contactNode, {
      params: { action: 'upsert', fields: { last_name: '{{ trigger.last }}', plan: 'pro', city: 'Lyon' } },
      contact: ada, trigger: { last: 'Lovelace' }, contacts,
    });
    expect(result).toMatchObject({
      kind: 'continue', port: 'out',
      output: { id: 'c1', first_name: 'Ada', last_name: 'Lovelace', fields: { plan: 'pro', city: 'Lyon' } },
    });
    expect(contacts.contacts.get('c1')).toMatchObject({ last_name: 'Lovelace' });
  });

  it('upsert without a run contact finds the contact by email, or creates it', async () => {
    const contacts = new FakeContacts([ada]);
    const found = await runNode(contactNode, { params: { action: 'upsert', fields: { email: 'ada@example.com', plan: 'team' } }, contacts });
    expect(found.result).toMatchObject({ output: { id: 'c1', fields: { plan: 'team' } } });
    const created = await runNode(contactNode, { params: { fields: { email: 'grace@example.com' } }, contacts });
    expect(created.result).toMatchObject({ output: { id: 'contact-1', email: 'grace@example.com' } });
    expect(contacts.contacts.size).toBe(2);
  });

  it('update changes the contact named by contactId, and fails without any contact', async () => {
    const contacts = new FakeContacts([ada]);
    const { result } = await runNode(contactNode, { params: { action: 'update', fields: { first_name: 'Augusta' }, contactId: 'c1' }, contacts });
    expect(result).toMatchObject({ output: { id: 'c1', first_name: 'Augusta' } });
    await expect(runNode(contactNode, { params: { action: 'update', fields: { first_name: 'X' } }, contacts })).rejects.toThrow('params.contactId');
  });

  it('fails clearly where the runtime has no contact database', async () => {
    await expect(runNode(contactNode, { params: { fields: { email: 'a@b.co' } }, contacts: null })).rejects.toThrow('contact database');
  });

  it('refuses an unknown action and missing fields, naming them', () => {
    expect(paramProblems('c', { action: 'merge', fields: {} }, contactNode, 'UTC').map((p) => p.field)).toEqual(['params.action']);
    expect(paramProblems('c', { action: 'upsert' }, contactNode, 'UTC').map((p) => p.field)).toEqual(['params.fields']);
  });
});
