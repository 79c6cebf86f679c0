// POST /api/contacts/import through the real app and SQLite: auto-mapped columns and custom fields,
// per-row errors with nothing written, the dry run, skipInvalid, and an unsubscribe kept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './http-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.dispose();
});

const importCsv = (body: object) => t.api('post', '/api/contacts/import').send(body);
const contacts = async () => (await t.api('get', '/api/contacts?limit=100').expect(200)).body;

const good = [
  'E-mail,First Name,Surname,Mobile,Plan,Tags',
  'Ada@Example.com,Ada,Lovelace,+44 20 7946 0958,pro,"vip, beta"',
  'grace@example.com,Grace,Hopper,,team,',
].join('\r\n');

const broken = [
  'email,first_name,phone,plan',
  'ada@example.com,Ada,,pro',
  'not-an-email,Bob,,free',
  ',Nobody,,free',
  'carl@example.com,Carl,12,free',
].join('\n');

describe('POST /api/contacts/import', () => {
  it('maps common column names to contact fields and the rest to custom fields, creating and updating', async () => {
    await t.api('post', '/api/contacts').send({ email: 'grace@example.com', last_name: 'Old', fields: { city: 'Arlington' } }).expect(201);
    const { body } = await importCsv({ csv: good }).expect(200);
    expect(body).toMatchObject({
      columns: ['E-mail', 'First Name', 'Surname', 'Mobile', 'Plan', 'Tags'],
      mapping: { 'E-mail': 'email', 'First Name': 'first_name', Surname: 'last_name', Mobile: 'phone', Plan: 'Plan', Tags: 'tags' },
      total: 2, valid: 2, created: 1, updated: 1, skipped: 0, errors: [],
    });
    expect(body.preview).toHaveLength(2);
    const { items } = await contacts();
    expect(items.find((c: { email: string }) => c.email === 'ada@example.com')).toMatchObject({
      first_name: 'Ada', last_name: 'Lovelace', phone: '+442079460958', tags: ['vip', 'beta'], fields: { Plan: 'pro' },
    });
    expect(items.find((c: { email: string }) => c.email === 'grace@example.com')).toMatchObject({
      last_name: 'Hopper', fields: { city: 'Arlington', Plan: 'team' },
    });
  });

  it('answers 400 with an error per broken row, naming row, column and field, and writes nothing', async () => {
    const { body } = await importCsv({ csv: broken }).expect(400);
    expect(body.error.code).toBe('invalid_rows');
    expect(body.error.details).toEqual([
      { row: 3, column: 'email', field: 'email', message: expect.stringContaining('valid email') },
      { row: 4, column: 'email', field: 'email', message: 'needs an email or a phone' },
      { row: 5, column: 'phone', field: 'phone', message: expect.stringContaining('phone number') },
    ]);
    expect((await contacts()).total).toBe(0);
  });

  it('a dry run reports what would happen, with the errors and a preview, and writes nothing', async () => {
    const { body } = await importCsv({ csv: broken, dryRun: true, mapping: { plan: 'tier' } }).expect(200);
    expect(body).toMatchObject({ total: 4, valid: 1, created: 1, updated: 0, skipped: 0, mapping: { plan: 'tier' } });
    expect(body.errors.map((e: { row: number }) => e.row)).toEqual([3, 4, 5]);
    expect(body.preview).toEqual([expect.objectContaining({ email: 'ada@example.com', fields: { tier: 'pro' } })]);
    expect((await contacts()).total).toBe(0);
  });

  it('skipInvalid writes the good rows and reports the skipped ones', async () => {
    const { body } = await importCsv({ csv: broken, skipInvalid: true }).expect(200);
    expect(body).toMatchObject({ total: 4, valid: 1, created: 1, skipped: 3 });
    expect((await contacts()).items.map((c: { email: string }) => c.email)).toEqual(['ada@example.com']);
  });

  it('never clears an unsubscribe, and reads ; as the delimiter', async () => {
    const ada = (await t.api('post', '/api/contacts').send({
      email: 'ada@example.com', consent: { email: { status: 'unsubscribed', source: 'link' } },
    }).expect(201)).body;
    await importCsv({ csv: 'email;email consent;sms consent;phone\nada@example.com;yes;yes;+14155550100\n' }).expect(200);
    const after = (await t.api('get', `/api/contacts/${ada.id}`).expect(200)).body;
    expect(after.consent.email).toMatchObject({ status: 'unsubscribed', source: 'link' });
    expect(after.consent.sms).toMatchObject({ status: 'subscribed', source: 'import' });
  });

  it('refuses a body without CSV, an unreadable CSV and a mapping of a missing column', async () => {
    expect((await importCsv({}).expect(400)).body.error.details).toEqual([expect.objectContaining({ field: 'csv' })]);
    expect((await importCsv({ csv: 'email\n"ada@example.com' }).expect(400)).body.error.details).toEqual([expect.objectContaining({ field: 'csv', row: 2 })]);
    expect((await importCsv({ csv: 'email' }).expect(400)).body.error.details).toEqual([expect.objectContaining({ field: 'csv' })]);
    expect((await importCsv({ csv: good, mapping: { Nope: 'email' } }).expect(400)).body.error.details).toEqual([expect.objectContaining({ field: 'mapping.Nope' })]);
    await t.anonymous('post', '/api/contacts/import').send({ csv: good }).expect(401);
  });
});
