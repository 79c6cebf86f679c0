// Store suite: the message log (caps that hold under concurrency, stages that only move forward,
// a contact's messages, a workflow's stats) and the suppression list.
import { describe, expect, test } from 'vitest';
import type { MessageRecord } from '../store.js';
import type { SuiteContext } from '../store-suite.js';
import { collectPages } from './fixtures.js';

let messageCount = 0;

function message(fields: Partial<MessageRecord> = {}): MessageRecord {
  const n = ++messageCount;
  return {
    id: `msg-${n}-${Math.random().toString(36).slice(2, 8)}`, stepKey: `step-${n}-${Math.random().toString(36).slice(2, 8)}`,
    channel: 'email', to: 'ada@example.com', subject: 'Welcome', marketing: true, status: 'sending', reason: null,
    providerMessageId: null, executionId: `exec-${n}`, workflowId: 'wf-1', nodeId: 'welcome', contactId: null, opens: 0, clicks: 0,
    createdAt: '2026-01-05T09:00:00.000Z', sentAt: null, deliveredAt: null, openedAt: null, clickedAt: null, bouncedAt: null,
    complainedAt: null, unsubscribedAt: null, failedAt: null,
    ...fields,
  };
}

const cap = (max: number) => ({ max, since: '2026-01-04T09:00:00.000Z', reason: `at most ${max} a day` });

export function describeMessages(ctx: SuiteContext): void {
  describe('messages', () => {
    test('a frequency cap holds when sends arrive at the same moment, also from another connection', async () => {
      const sends = Array.from({ length: 6 }, () => message({ to: 'busy@example.com' }));
      const sibling = ctx.openSibling ? await ctx.openSibling() : ctx.store;
      const admitted = await Promise.all(sends.map((m, i) => (i % 2 === 0 ? ctx.store : sibling).messages.admit(m, cap(2))));
      expect(admitted.filter((m) => m.status === 'sending')).toHaveLength(2);
      expect(admitted.filter((m) => m.status === 'capped').map((m) => m.reason)).toEqual(Array(4).fill('at most 2 a day'));
      // Other recipients, transactional messages and messages before the window do not count.
      expect((await ctx.store.messages.admit(message({ to: 'calm@example.com' }), cap(2))).status).toBe('sending');
      expect((await ctx.store.messages.admit(message({ to: 'busy@example.com', channel: 'sms' }), cap(2))).status).toBe('sending');
    });

    test('held-back and failed messages do not count against the cap; a step admitted again gets its message back', async () => {
      const first = await ctx.store.messages.admit(message({ to: 'bob@example.com' }), cap(1));
      await ctx.store.messages.mark(first.id, 'failed', '2026-01-05T09:00:01.000Z', { reason: 'mailbox unavailable' });
      const second = await ctx.store.messages.admit(message({ to: 'bob@example.com' }), cap(1));
      expect(second.status).toBe('sending');
      expect(await ctx.store.messages.admit({ ...message(), stepKey: second.stepKey }, cap(1))).toEqual(second);
      // The retry of a failed send counts again, and is capped when another send took its place.
      await ctx.store.messages.mark(second.id, 'failed', '2026-01-05T09:00:02.000Z', { reason: 'try later' });
      const other = await ctx.store.messages.admit(message({ to: 'bob@example.com' }), cap(1));
      expect(other.status).toBe('sending');
      expect(await ctx.store.messages.admit({ ...message(), stepKey: second.stepKey }, cap(1))).toMatchObject({ id: second.id, status: 'capped' });
      await ctx.store.messages.mark(other.id, 'failed', '2026-01-05T09:00:03.000Z');
      expect(await ctx.store.messages.admit({ ...message(), stepKey: other.stepKey }, cap(1))).toMatchObject({ id: other.id, status: 'sending' });
      const old = await ctx.store.messages.admit(message({ to: 'bob@example.com', createdAt: '2026-01-06T09:00:00.000Z' }), {
        ...cap(1), since: '2026-01-05T09:00:00.001Z',
      });
      expect(old.status).toBe('sending');
    });

    test('stages keep their first time, count opens and clicks, and move the status only forward', async () => {
      const m = await ctx.store.messages.admit(message(), null);
      await ctx.store.messages.mark(m.id, 'sent', '2026-01-05T09:00:01.000Z', { providerMessageId: '<1@x>' });
      await ctx.store.messages.mark(m.id, 'clicked', '2026-01-05T10:00:00.000Z');
      const again = await ctx.store.messages.mark(m.id, 'opened', '2026-01-05T11:00:00.000Z');
      expect(again!.before.openedAt).toBe('2026-01-05T10:00:00.000Z'); // the click counted as the first open
      expect(again!.after).toMatchObject({
        status: 'clicked', sentAt: '2026-01-05T09:00:01.000Z', openedAt: '2026-01-05T10:00:00.000Z', clickedAt: '2026-01-05T10:00:00.000Z',
        opens: 2, clicks: 1, providerMessageId: '<1@x>',
      });
      expect(await ctx.store.messages.findByProviderId('email', '<1@x>')).toEqual(again!.after);
      expect(await ctx.store.messages.findByStep(m.executionId, 'welcome')).toEqual(again!.after);
      expect(await ctx.store.messages.mark('nobody', 'opened', '2026-01-05T11:00:00.000Z')).toBeNull();

      // A retried send after a failed attempt is sent again.
      const retried = await ctx.store.messages.admit(message(), null);
      await ctx.store.messages.mark(retried.id, 'failed', '2026-01-05T09:00:00.000Z');
      expect((await ctx.store.messages.mark(retried.id, 'sent', '2026-01-05T09:01:00.000Z'))!.after.status).toBe('sent');
    });

    test("a contact's messages come newest first in pages; a workflow's stats count each stage", async () => {
      const contact = { id: 'contact-messages', email: 'eve@example.com', phone: null, firstName: null, lastName: null, timezone: null,
        locale: null, tags: [], score: 0, fields: {}, consent: {}, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
      await ctx.store.contacts.create(contact);
      const made: MessageRecord[] = [];
      for (let i = 0; i < 5; i++) {
        made.push(await ctx.store.messages.admit(message({ contactId: contact.id, workflowId: 'wf-stats', createdAt: `2026-01-05T09:0${i}:00.000Z` }), null));
      }
      const items = (await collectPages((cursor) => ctx.store.messages.listForContact(contact.id, { limit: 2, ...(cursor ? { cursor } : {}) }))).flat();
      expect(items.map((m) => m.id)).toEqual(made.map((m) => m.id).reverse());

      for (const m of made) await ctx.store.messages.mark(m.id, 'sent', '2026-01-05T10:00:00.000Z');
      await ctx.store.messages.mark(made[0]!.id, 'opened', '2026-01-05T11:00:00.000Z');
      await ctx.store.messages.mark(made[0]!.id, 'opened', '2026-01-05T11:00:01.000Z');
      await ctx.store.messages.mark(made[1]!.id, 'clicked', '2026-01-05T11:00:00.000Z');
      await ctx.store.messages.mark(made[2]!.id, 'bounced', '2026-01-05T11:00:00.000Z');
      await ctx.store.messages.mark(made[3]!.id, 'unsubscribed', '2026-01-05T11:00:00.000Z');
      expect(await ctx.store.messages.statsForWorkflow('wf-stats')).toEqual({ sent: 5, delivered: 0, opened: 2, clicked: 1, bounced: 1, unsubscribed: 1 });
      expect(await ctx.store.messages.statsForWorkflow('wf-none')).toEqual({ sent: 0, delivered: 0, opened: 0, clicked: 0, bounced: 0, unsubscribed: 0 });
    });
  });

  describe('suppressions', () => {
    test('an address is added, replaced, listed by channel and reason, and removed', async () => {
      const at = (m: number) => `2026-01-05T09:0${m}:00.000Z`;
      await ctx.store.suppressions.put({ address: 'ada@example.com', channel: 'email', reason: 'unsubscribed', source: 'one-click', createdAt: at(1) });
      await ctx.store.suppressions.put({ address: '+4915112345678', channel: 'sms', reason: 'unsubscribed', source: 'sms STOP', createdAt: at(2) });
      await ctx.store.suppressions.put({ address: 'bob@example.com', channel: 'email', reason: 'bounced', source: 'smtp', createdAt: at(3) });
      await ctx.store.suppressions.put({ address: 'ada@example.com', channel: 'email', reason: 'complained', source: 'api', createdAt: at(4) });
      expect(await ctx.store.suppressions.get('ada@example.com')).toEqual({
        address: 'ada@example.com', channel: 'email', reason: 'complained', source: 'api', createdAt: at(4),
      });
      const all = (await collectPages((cursor) => ctx.store.suppressions.list({}, { limit: 2, ...(cursor ? { cursor } : {}) }))).flat();
      expect(all.map((s) => s.address)).toEqual(['ada@example.com', 'bob@example.com', '+4915112345678']);
      expect((await ctx.store.suppressions.list({ channel: 'sms' }, { limit: 10 })).items.map((s) => s.address)).toEqual(['+4915112345678']);
      expect((await ctx.store.suppressions.list({ reason: 'bounced' }, { limit: 10 })).total).toBe(1);
      expect(await ctx.store.suppressions.delete('bob@example.com', 'unsubscribed')).toBe(false);
      expect(await ctx.store.suppressions.delete('bob@example.com')).toBe(true);
      expect(await ctx.store.suppressions.get('bob@example.com')).toBeNull();
    });
  });
}
