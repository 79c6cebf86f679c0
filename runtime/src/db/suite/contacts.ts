// Store suite: contacts (one person one contact, filters, pages), their events (all-or-nothing
// ingest), and event waits resumed exactly once.
import { describe, expect, test } from 'vitest';
import type { ContactRecord, EventRecord } from '../store.js';
import type { SuiteContext } from '../store-suite.js';
import { collectPages, seedWaiting, seedWorkflow } from './fixtures.js';

let contactCount = 0;

export function contact(fields: Partial<ContactRecord> = {}): ContactRecord {
  const n = ++contactCount;
  return {
    id: `contact-${n}-${Math.random().toString(36).slice(2, 8)}`,
    email: `person${n}@example.com`,
    phone: null,
    firstName: 'Ada',
    lastName: 'Lovelace',
    timezone: 'Europe/London',
    locale: 'en-GB',
    tags: ['vip'],
    score: 10,
    fields: { plan: 'pro', cart: { items: 2 } },
    consent: { email: { status: 'subscribed', source: 'signup form', at: '2026-01-01T00:00:00.000Z' } },
    createdAt: '2026-01-05T09:00:00.000Z',
    updatedAt: '2026-01-05T09:00:00.000Z',
    ...fields,
  };
}

function event(contactId: string, type: string, at: string, data: unknown = { total: 42 }): EventRecord {
  return { id: `event-${type}-${at}-${Math.random().toString(36).slice(2, 8)}`, contactId, type, data, at };
}

export function describeContacts(ctx: SuiteContext): void {
  describe('contacts', () => {
    test('a contact reads back as written, by id, email and phone', async () => {
      const ada = contact({ phone: '+493012345670' });
      expect(await ctx.store.contacts.create(ada)).toEqual({ ok: true });
      expect(await ctx.store.contacts.get(ada.id)).toEqual(ada);
      expect(await ctx.store.contacts.findByEmail(ada.email!)).toEqual(ada);
      expect(await ctx.store.contacts.findByPhone('+493012345670')).toEqual(ada);
      expect(await ctx.store.contacts.get('nobody')).toBeNull();
    });

    test('one person one contact: a second contact with the same email or phone names the first', async () => {
      const ada = contact({ phone: '+493012345670' });
      await ctx.store.contacts.create(ada);
      expect(await ctx.store.contacts.create(contact({ email: ada.email }))).toEqual({ ok: false, conflictId: ada.id });
      expect(await ctx.store.contacts.create(contact({ phone: ada.phone }))).toEqual({ ok: false, conflictId: ada.id });
      const grace = contact();
      await ctx.store.contacts.create(grace);
      expect(await ctx.store.contacts.update({ ...grace, email: ada.email })).toEqual({ ok: false, conflictId: ada.id });
      expect(await ctx.store.contacts.get(grace.id)).toEqual(grace);
      // Several contacts may have no email or no phone.
      expect(await ctx.store.contacts.create(contact({ email: null, phone: '+14155550100' }))).toEqual({ ok: true });
      expect(await ctx.store.contacts.create(contact({ email: null, phone: '+14155550101' }))).toEqual({ ok: true });
    });

    test('update replaces the fields; an unknown contact is null', async () => {
      const ada = contact();
      await ctx.store.contacts.create(ada);
      const changed = { ...ada, tags: ['vip', 'buyer'], score: 25, fields: { plan: 'team' }, updatedAt: '2026-01-06T00:00:00.000Z' };
      expect(await ctx.store.contacts.update(changed)).toEqual({ ok: true });
      expect(await ctx.store.contacts.get(ada.id)).toEqual(changed);
      expect(await ctx.store.contacts.update(contact({ id: 'nobody' }))).toBeNull();
    });

    test('list filters by email, phone, tag and a search over email, name and phone, newest first, in pages', async () => {
      const day = (d: number) => `2026-01-${String(d).padStart(2, '0')}T09:00:00.000Z`;
      const ada = contact({ email: 'ada@example.com', tags: ['vip'], createdAt: day(1) });
      const grace = contact({ email: 'grace@navy.mil', firstName: 'Grace', lastName: 'Hopper', phone: '+14155550100', tags: ['navy'], createdAt: day(2) });
      const alan = contact({ email: 'alan@example.org', firstName: 'Alan', lastName: 'Turing', tags: ['vip', 'navy'], createdAt: day(3) });
      for (const c of [ada, grace, alan]) await ctx.store.contacts.create(c);
      const ids = async (filter: Parameters<typeof ctx.store.contacts.list>[0]) =>
        (await ctx.store.contacts.list(filter, { limit: 50 })).items.map((c) => c.id);

      expect(await ids({})).toEqual([alan.id, grace.id, ada.id]);
      expect(await ids({ email: 'grace@navy.mil' })).toEqual([grace.id]);
      expect(await ids({ phone: '+14155550100' })).toEqual([grace.id]);
      expect(await ids({ tag: 'vip' })).toEqual([alan.id, ada.id]);
      expect(await ids({ q: 'HOPPER' })).toEqual([grace.id]);
      expect(await ids({ q: 'example' })).toEqual([alan.id, ada.id]);
      expect(await ids({ q: '5550100' })).toEqual([grace.id]);
      expect(await ids({ q: '100%' })).toEqual([]);
      expect(await ids({ q: 'example', tag: 'navy' })).toEqual([alan.id]);

      const pages = await collectPages((cursor) => ctx.store.contacts.list({}, { limit: 2, cursor }));
      expect(pages.map((p) => p.map((c) => c.id))).toEqual([[alan.id, grace.id], [ada.id]]);
      expect((await ctx.store.contacts.list({ tag: 'vip' }, { limit: 1 })).total).toBe(2);
    });

    test('ingest writes contacts and events together; their events list newest first', async () => {
      const ada = contact();
      await ctx.store.contacts.create(ada);
      const grace = contact();
      const first = event(ada.id, 'page.viewed', '2026-01-05T10:00:00.000Z');
      const second = event(ada.id, 'order.completed', '2026-01-05T11:00:00.000Z', { total: 99.5, items: ['book'] });
      await ctx.store.contacts.ingest(
        [{ contact: { ...ada, score: 50 }, isNew: false }, { contact: grace, isNew: true }],
        [first, second, event(grace.id, 'signed.up', '2026-01-05T10:30:00.000Z')],
      );
      expect((await ctx.store.contacts.get(ada.id))?.score).toBe(50);
      expect(await ctx.store.contacts.get(grace.id)).toEqual(grace);
      const page = await ctx.store.contacts.events(ada.id, { limit: 50 });
      expect(page).toEqual({ items: [second, first], total: 2, nextCursor: null });
    });

    test('ingest is all or nothing: a clash on one contact writes none of the others nor any event', async () => {
      const ada = contact();
      await ctx.store.contacts.create(ada);
      const grace = contact();
      const clash = contact({ email: ada.email });
      await expect(ctx.store.contacts.ingest(
        [{ contact: grace, isNew: true }, { contact: clash, isNew: true }],
        [event(grace.id, 'signed.up', '2026-01-05T10:30:00.000Z')],
      )).rejects.toThrow();
      expect(await ctx.store.contacts.get(grace.id)).toBeNull();
      expect((await ctx.store.contacts.list({}, { limit: 50 })).total).toBe(1);
      expect((await ctx.store.contacts.events(ada.id, { limit: 50 })).total).toBe(0);
    });

    test('deleting a contact deletes its events', async () => {
      const ada = contact();
      await ctx.store.contacts.create(ada);
      await ctx.store.contacts.ingest([], [event(ada.id, 'page.viewed', '2026-01-05T10:00:00.000Z')]);
      expect(await ctx.store.contacts.delete(ada.id)).toBe(true);
      expect(await ctx.store.contacts.delete(ada.id)).toBe(false);
      expect((await ctx.store.contacts.events(ada.id, { limit: 50 })).total).toBe(0);
    });
  });

  describe('event waits', () => {
    const opened = { type: 'email.opened', data: { messageId: 'm1' }, at: '2026-01-06T08:00:00.000Z' };

    test('an event resumes the matching waits of its contact once, with the event; the timeout then finds nothing', async () => {
      const wf = await seedWorkflow(ctx.store);
      const due = Date.parse('2026-01-06T09:00:00.000Z');
      const mine = await seedWaiting(ctx.store, wf.id, { dueAt: due, eventType: 'email.opened', contactId: 'c1', state: { sent: 'm1' } });
      const otherContact = await seedWaiting(ctx.store, wf.id, { dueAt: due, eventType: 'email.opened', contactId: 'c2' });
      const otherType = await seedWaiting(ctx.store, wf.id, { dueAt: due, eventType: 'email.clicked', contactId: 'c1' });

      expect(await ctx.store.eventWaits.resume('c1', opened, () => true)).toEqual([mine.execution.id]);
      const state = await ctx.store.executions.load(mine.execution.id);
      expect(state?.execution.status).toBe('running');
      expect(state?.steps[1]?.status).toBe('pending');
      expect(state?.steps[1]?.resume).toEqual({ reason: 'event', waitedSince: new Date(mine.wait.createdAt), state: { sent: 'm1' }, event: opened });

      expect(await ctx.store.eventWaits.resume('c1', opened, () => true)).toEqual([]);
      const timedOut = await ctx.store.executions.resumeDue(due, 100);
      expect(timedOut.sort()).toEqual([otherContact.execution.id, otherType.execution.id].sort());
    });

    test('a wait whose filter does not match stays; one that timed out first is not resumed by a later event', async () => {
      const wf = await seedWorkflow(ctx.store);
      const due = Date.parse('2026-01-06T09:00:00.000Z');
      const filter = { match: 'all' as const, rules: [{ field: 'event.data.messageId', op: 'eq' as const, value: 'm2' }] };
      const filtered = await seedWaiting(ctx.store, wf.id, { dueAt: due, eventType: 'email.opened', contactId: 'c1', eventFilter: filter });
      expect(await ctx.store.eventWaits.resume('c1', opened, (f) => f === null)).toEqual([]);
      expect(await ctx.store.executions.waitsOf(filtered.execution.id)).toHaveLength(1);

      expect(await ctx.store.executions.resumeDue(due, 100)).toEqual([filtered.execution.id]);
      expect(await ctx.store.eventWaits.resume('c1', opened, () => true)).toEqual([]);
      expect((await ctx.store.executions.load(filtered.execution.id))?.steps[1]?.resume).toMatchObject({ reason: 'timeout' });
    });

    if (ctx.openSibling) {
      const openSibling = ctx.openSibling;
      test('an event and the timeout arriving together through two stores resume each wait once', async () => {
        const wf = await seedWorkflow(ctx.store);
        const due = Date.parse('2026-01-06T09:00:00.000Z');
        const seeded = [];
        for (let i = 0; i < 30; i++) {
          seeded.push(await seedWaiting(ctx.store, wf.id, { dueAt: due, eventType: 'email.opened', contactId: `c${i}` }));
        }
        const sibling = await openSibling();
        const taken = (await Promise.all(seeded.flatMap((s, i) => [
          ctx.store.eventWaits.resume(`c${i}`, opened, () => true),
          sibling.executions.resumeDue(due, 1),
        ]))).flat();
        expect(taken.sort()).toEqual(seeded.map((s) => s.execution.id).sort());
        for (const s of seeded) {
          const resume = (await ctx.store.executions.load(s.execution.id))?.steps[1]?.resume;
          expect(['event', 'timeout']).toContain(resume?.reason);
        }
      });
    }
  });
}
