// /api/contacts through the real app: normalised identity (one person one contact), search and
// filters, edits, validation naming the field, and a contact's data in templates.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './http-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.dispose();
});

const create = async (body: Record<string, unknown>) => (await t.api('post', '/api/contacts').send(body).expect(201)).body;

describe('contacts', () => {
  it('normalises the email and the phone, and reads the contact back as created', async () => {
    const ada = await create({
      email: ' Ada@Example.COM ', phone: '+49 30 1234567', first_name: 'Ada', last_name: 'Lovelace',
      timezone: 'Europe/Berlin', locale: 'de-DE', tags: ['vip', 'vip', 'beta'], score: 12,
      fields: { plan: 'pro' }, consent: { email: { status: 'subscribed', source: 'signup form' } },
    });
    expect(ada).toMatchObject({
      id: expect.any(String), email: 'ada@example.com', phone: '+49301234567', first_name: 'Ada', last_name: 'Lovelace',
      timezone: 'Europe/Berlin', locale: 'de-DE', tags: ['vip', 'beta'], score: 12, fields: { plan: 'pro' },
      consent: { email: { status: 'subscribed', source: 'signup form', at: expect.any(String) } },
    });
    expect((await t.api('get', `/api/contacts/${ada.id}`).expect(200)).body).toEqual(ada);

    // A national number is read with the country given.
    const bob = await create({ email: 'bob@example.com', phone: '030 7654321', country: 'DE' });
    expect(bob.phone).toBe('+49307654321');
  });

  it('keeps one person one contact: the same email or phone again answers 409 naming the contact', async () => {
    const ada = await create({ email: 'ada@example.com', phone: '+49 30 1234567' });
    const sameEmail = await t.api('post', '/api/contacts').send({ email: 'ADA@example.com ' }).expect(409);
    expect(sameEmail.body.error).toMatchObject({
      code: 'contact_exists', details: [{ field: 'email', contactId: ada.id, message: expect.stringContaining(ada.id) }],
    });
    const samePhone = await t.api('post', '/api/contacts').send({ email: 'other@example.com', phone: '030 1234567', country: 'DE' }).expect(409);
    expect(samePhone.body.error.details).toEqual([expect.objectContaining({ field: 'phone', contactId: ada.id })]);

    const bob = await create({ email: 'bob@example.com' });
    await t.api('patch', `/api/contacts/${bob.id}`).send({ email: 'ada@example.com' }).expect(409);
    expect((await t.api('get', '/api/contacts').expect(200)).body.total).toBe(2);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const badEmail = await t.api('post', '/api/contacts').send({ email: 'not an email' }).expect(400);
    expect(badEmail.body.error.details).toEqual([expect.objectContaining({ field: 'email' })]);
    const badPhone = await t.api('post', '/api/contacts').send({ email: 'a@example.com', phone: '12' }).expect(400);
    expect(badPhone.body.error.details).toEqual([expect.objectContaining({ field: 'phone' })]);
    const national = await t.api('post', '/api/contacts').send({ phone: '030 1234567' }).expect(400);
    expect(national.body.error.details).toEqual([expect.objectContaining({ field: 'phone', message: expect.stringContaining('country') })]);
    const noIdentity = await t.api('post', '/api/contacts').send({ first_name: 'Nobody' }).expect(400);
    expect(noIdentity.body.error.details).toEqual([expect.objectContaining({ field: 'email' })]);
    const badZone = await t.api('post', '/api/contacts').send({ email: 'a@example.com', timezone: 'Mars/Olympus' }).expect(400);
    expect(badZone.body.error.details).toEqual([expect.objectContaining({ field: 'timezone' })]);
    const unknown = await t.api('post', '/api/contacts').send({ email: 'a@example.com', plan: 'pro' }).expect(400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ message: expect.stringContaining('plan') })]);
    expect((await t.api('get', '/api/contacts').expect(200)).body.total).toBe(0);
  });

  it('finds contacts by email, phone, tag and search, newest first, in pages', async () => {
    const ada = await create({ email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', tags: ['vip'] });
    t.clock.advance(1000);
    const grace = await create({ email: 'grace@navy.example', first_name: 'Grace', last_name: 'Hopper', phone: '+1 415 555 0100' });
    t.clock.advance(1000);
    const alan = await create({ email: 'alan@example.org', first_name: 'Alan', last_name: 'Turing', tags: ['vip'] });
    const ids = async (query: string) => (await t.api('get', `/api/contacts${query}`).expect(200)).body.items.map((c: { id: string }) => c.id);

    expect(await ids('')).toEqual([alan.id, grace.id, ada.id]);
    expect(await ids('?email=%20ADA@example.com')).toEqual([ada.id]);
    expect(await ids(`?phone=${encodeURIComponent('(415) 555-0100')}&country=US`)).toEqual([grace.id]);
    expect(await ids('?tag=vip')).toEqual([alan.id, ada.id]);
    expect(await ids('?q=hopper')).toEqual([grace.id]);
    expect(await ids('?q=Ada%20Love')).toEqual([ada.id]);

    const first = (await t.api('get', '/api/contacts?limit=2').expect(200)).body;
    expect(first).toMatchObject({ total: 3, nextCursor: expect.any(String) });
    const second = (await t.api('get', `/api/contacts?limit=2&cursor=${first.nextCursor}`).expect(200)).body;
    expect(second).toMatchObject({ items: [{ id: ada.id }], nextCursor: null });
    await t.api('get', '/api/contacts?limit=0').expect(400);
  });

  it('edits a contact: given fields change, custom fields merge (null removes one), tags are replaced', async () => {
    const ada = await create({ email: 'ada@example.com', tags: ['vip'], fields: { plan: 'pro', city: 'London' } });
    t.clock.advance(5000);
    const edited = (await t.api('patch', `/api/contacts/${ada.id}`)
      .send({ first_name: 'Ada', tags: ['buyer'], fields: { plan: 'team', city: null }, consent: { email: { status: 'unsubscribed', source: 'owner' } } })
      .expect(200)).body;
    expect(edited).toMatchObject({
      email: 'ada@example.com', first_name: 'Ada', tags: ['buyer'], fields: { plan: 'team' },
      consent: { email: { status: 'unsubscribed', source: 'owner' } },
    });
    expect(edited.updated_at > ada.updated_at).toBe(true);
    await t.api('patch', `/api/contacts/${ada.id}`).send({ email: null }).expect(400);
    await t.api('patch', '/api/contacts/nobody').send({ first_name: 'X' }).expect(404);
  });

  it('deletes a contact with its events', async () => {
    await t.api('post', '/api/events').send({ type: 'page.viewed', contact: { email: 'ada@example.com' } }).expect(202);
    const [ada] = (await t.api('get', '/api/contacts').expect(200)).body.items;
    expect((await t.api('get', `/api/contacts/${ada.id}/events`).expect(200)).body.total).toBe(1);
    await t.api('delete', `/api/contacts/${ada.id}`).expect(204);
    await t.api('get', `/api/contacts/${ada.id}`).expect(404);
    await t.api('get', `/api/contacts/${ada.id}/events`).expect(404);
    await t.api('delete', `/api/contacts/${ada.id}`).expect(404);
  });

  it('needs authentication', async () => {
    await t.anonymous('get', '/api/contacts').expect(401);
    await t.anonymous('post', '/api/contacts').send({ email: 'a@example.com' }).expect(401);
  });
});
