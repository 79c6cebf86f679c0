// Store suite: segments. Every operator of a segment rule compiled by the store and run against
// real rows, checked against the rule evaluator of @tern/shared (the same rule must mean the same
// in a condition and in a segment); event rules; values that look like SQL; membership refreshes.
import { evaluateRules, type Rules } from '@tern/shared';
import { beforeEach, describe, expect, test } from 'vitest';
import { contactContext } from '../../services/contacts-view.js';
import { resolveSegmentRules, type SegmentRules } from '../segment-rules.js';
import type { ContactRecord, EventRecord, SegmentClock } from '../store.js';
import type { SuiteContext } from '../store-suite.js';

const NOW = new Date('2026-01-05T09:00:00.000Z');
const at: SegmentClock = { now: NOW };
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

function person(id: string, fields: Partial<ContactRecord>): ContactRecord {
  return {
    id, email: `${id}@example.com`, phone: null, firstName: null, lastName: null, timezone: null, locale: null,
    tags: [], score: 0, fields: {}, consent: {}, createdAt: daysAgo(10), updatedAt: daysAgo(10), ...fields,
  };
}

const people: ContactRecord[] = [
  person('ada', {
    firstName: 'Ada', lastName: 'Lovelace', score: 72, tags: ['vip', 'newsletter'], timezone: 'Europe/Berlin',
    fields: { plan: 'pro', age: '42', seats: 5, birthday: '1990-01-05', trial_ends: '2026-02-01', interests: ['golf', 'tennis'], active: true },
    consent: { email: { status: 'subscribed', source: 'form', at: daysAgo(10) } }, createdAt: daysAgo(100),
  }),
  person('bob', {
    firstName: 'Bob', score: 10, tags: ['newsletter'], timezone: 'America/New_York',
    fields: { plan: 'free', seats: '12', birthday: '1985-07-01', active: false, note: '' },
    consent: { email: { status: 'unsubscribed', source: 'link', at: daysAgo(2) } },
  }),
  person('cy', { email: null, phone: '+14155550100', firstName: "O'Brien", score: 50, tags: ['vip'], fields: { plan: 'Pro', seats: 5.5 } }),
  person('dee', { firstName: 'Dee', score: -3, fields: { plan: "x'); DROP TABLE contacts; --", nested: { level: 'gold' }, "it's": 'yes' }, createdAt: daysAgo(1) }),
];

function event(contactId: string, type: string, daysBefore: number, data: Record<string, unknown> = {}): EventRecord {
  return { id: `${contactId}-${type}-${daysBefore}-${JSON.stringify(data)}`, contactId, type, data, at: daysAgo(daysBefore) };
}

const events: EventRecord[] = [
  event('ada', 'order.completed', 3, { total: 20 }),
  event('ada', 'order.completed', 10, { total: 150, items: ['tee'] }),
  event('ada', 'order.completed', 60, { total: 80 }),
  event('bob', 'order.completed', 40, { total: 300 }),
  event('bob', 'page.viewed', 1, { url: '/pricing' }),
  event('cy', 'page.viewed', 5, { url: '/blog' }),
];

export function describeSegments(ctx: SuiteContext): void {
  describe('segments', () => {
    beforeEach(async () => {
      await ctx.store.contacts.ingest(people.map((contact) => ({ contact, isNew: true })), events);
    });

    async function members(rules: SegmentRules['rules'], match: 'all' | 'any' = 'all'): Promise<string[]> {
      const checked = resolveSegmentRules({ match, rules });
      if ('problems' in checked) throw new Error(JSON.stringify(checked.problems));
      const { count, sample } = await ctx.store.segments.preview(checked.rules, 100, at);
      expect(sample).toHaveLength(count);
      return sample.map((c) => c.id).sort();
    }

    /** What logic.condition answers for each contact: the segment must agree. */
    const evaluated = (rules: Rules) =>
      people.filter((c) => evaluateRules(rules, { contact: contactContext(c) }, { now: () => NOW })).map((c) => c.id).sort();

    // For each operator: rules and the contacts they hold.
    const fieldCases: Array<[string, Rules['rules'], string[]]> = [
      ['eq on text (case matters)', [{ field: 'contact.plan', op: 'eq', value: 'pro' }], ['ada']],
      ['eq of a number with its text', [{ field: 'contact.fields.age', op: 'eq', value: 42 }], ['ada']],
      ['eq of text with a number', [{ field: 'contact.seats', op: 'eq', value: '12' }], ['bob']],
      ['eq on a boolean', [{ field: 'contact.active', op: 'eq', value: true }], ['ada']],
      ['eq null: missing', [{ field: 'contact.first_name', op: 'eq', value: null }], []],
      ['eq on a column', [{ field: 'contact.email', op: 'eq', value: 'bob@example.com' }], ['bob']],
      ['eq in a nested field', [{ field: 'contact.nested.level', op: 'eq', value: 'gold' }], ['dee']],
      ['neq includes missing values', [{ field: 'contact.plan', op: 'neq', value: 'pro' }], ['bob', 'cy', 'dee']],
      ['gt on the score', [{ field: 'contact.score', op: 'gt', value: 10 }], ['ada', 'cy']],
      ['gte with text numbers', [{ field: 'contact.seats', op: 'gte', value: 5.5 }], ['bob', 'cy']],
      ['lt', [{ field: 'contact.score', op: 'lt', value: '10' }], ['dee']],
      ['lte', [{ field: 'contact.score', op: 'lte', value: 10 }], ['bob', 'dee']],
      ['contains text, ignoring case', [{ field: 'contact.email', op: 'contains', value: 'ADA@' }], ['ada']],
      ['contains in a list field', [{ field: 'contact.interests', op: 'contains', value: 'golf' }], ['ada']],
      ['contains on tags', [{ field: 'contact.tags', op: 'contains', value: 'vip' }], ['ada', 'cy']],
      ['not_contains', [{ field: 'contact.plan', op: 'not_contains', value: 'PRO' }], ['bob', 'dee']],
      ['starts_with', [{ field: 'contact.first_name', op: 'starts_with', value: 'o\'b' }], ['cy']],
      ['ends_with', [{ field: 'contact.email', op: 'ends_with', value: 'B@EXAMPLE.COM' }], ['bob']],
      ['exists', [{ field: 'contact.email', op: 'exists' }], ['ada', 'bob', 'dee']],
      ['exists: empty text does not', [{ field: 'contact.note', op: 'exists' }], []],
      ['not_exists', [{ field: 'contact.birthday', op: 'not_exists' }], ['cy', 'dee']],
      ['in a list', [{ field: 'contact.plan', op: 'in', value: ['pro', 'free'] }], ['ada', 'bob']],
      ['in text separated by commas, with numbers', [{ field: 'contact.seats', op: 'in', value: '5, 12' }], ['ada', 'bob']],
      ['not_in', [{ field: 'contact.plan', op: 'not_in', value: ['pro', 'free'] }], ['cy', 'dee']],
      ['before', [{ field: 'contact.created_at', op: 'before', value: daysAgo(5) }], ['ada', 'bob', 'cy']],
      ['after on a date field', [{ field: 'contact.trial_ends', op: 'after', value: '2026-01-31' }], ['ada']],
      ['has_tag', [{ field: 'contact.tags', op: 'has_tag', value: 'vip' }], ['ada', 'cy']],
      ['not_has_tag', [{ field: 'contact', op: 'not_has_tag', value: 'vip' }], ['bob', 'dee']],
      ['consent', [{ field: 'contact.consent.email.status', op: 'eq', value: 'subscribed' }], ['ada']],
      ['is_anniversary, in the contact\'s time zone', [{ field: 'contact.birthday', op: 'is_anniversary' }], ['ada']],
      ['a value that looks like SQL is only a value', [{ field: 'contact.plan', op: 'eq', value: "x'); DROP TABLE contacts; --" }], ['dee']],
      ['a quote in a field name', [{ field: "contact.it's", op: 'eq', value: 'yes' }], ['dee']],
      ['a quote in a value', [{ field: 'contact.first_name', op: 'in', value: ["O'Brien", '"; DELETE FROM events; --'] }], ['cy']],
    ];

    test.each(fieldCases)('%s', async (_, rules, expected) => {
      expect(await members(rules as SegmentRules['rules'])).toEqual(expected);
      expect(evaluated({ match: 'all', rules })).toEqual(expected);
    });

    test('groups: any, all, nested, and empty', async () => {
      const vip = { field: 'contact.tags', op: 'has_tag', value: 'vip' } as const;
      const high = { field: 'contact.score', op: 'gt', value: 60 } as const;
      expect(await members([vip, high])).toEqual(['ada']);
      expect(await members([vip, high], 'any')).toEqual(['ada', 'cy']);
      expect(await members([{ match: 'any', rules: [high, { field: 'contact.score', op: 'lt', value: 0 }] }, { field: 'contact.email', op: 'exists' }]))
        .toEqual(['ada', 'dee']);
      expect(await members([])).toEqual(['ada', 'bob', 'cy', 'dee']);
      expect(await members([], 'any')).toEqual([]);
    });

    test('event rules: did, did not, how many times, within days, with a filter on the data', async () => {
      const order = { event: 'order.completed' };
      expect(await members([{ ...order, op: 'did' }])).toEqual(['ada', 'bob']);
      expect(await members([{ ...order, op: 'did_not' }])).toEqual(['cy', 'dee']);
      expect(await members([{ ...order, op: 'did', count: { op: 'gte', value: 3 } }])).toEqual(['ada']);
      expect(await members([{ ...order, op: 'did', count: { op: 'eq', value: 1 } }])).toEqual(['bob']);
      expect(await members([{ ...order, op: 'did', count: { op: 'lte', value: 1 } }])).toEqual(['bob', 'cy', 'dee']);
      expect(await members([{ ...order, op: 'did', withinDays: 30 }])).toEqual(['ada']);
      expect(await members([{ ...order, op: 'did_not', withinDays: 30 }])).toEqual(['bob', 'cy', 'dee']);
      expect(await members([{ ...order, op: 'did', filter: { match: 'all', rules: [{ field: 'data.total', op: 'gte', value: 100 }] } }]))
        .toEqual(['ada', 'bob']);
      expect(await members([{ ...order, op: 'did', withinDays: 30, filter: { match: 'all', rules: [{ field: 'event.data.total', op: 'gte', value: 100 }] } }]))
        .toEqual(['ada']);
      expect(await members([{ ...order, op: 'did', filter: { match: 'all', rules: [{ field: 'data.items', op: 'contains', value: 'tee' }] } }]))
        .toEqual(['ada']);
      expect(await members([{ event: 'page.viewed', op: 'did', withinDays: 2 }, { field: 'contact.consent.email.status', op: 'neq', value: 'subscribed' }]))
        .toEqual(['bob']);
    });

    test('an event type that looks like SQL matches nothing and changes nothing', async () => {
      expect(await members([{ event: "x' OR '1'='1", op: 'did' }])).toEqual([]);
      expect(await members([{ event: "x' OR '1'='1", op: 'did_not' }])).toEqual(['ada', 'bob', 'cy', 'dee']);
      expect((await ctx.store.contacts.list({}, { limit: 10 })).total).toBe(people.length);
    });

    test('a segment keeps its members; a contact refresh reports who entered and who left', async () => {
      const rules = checked([{ field: 'contact.score', op: 'gte', value: 50 }]);
      expect(await ctx.store.segments.create(segment('hot', 'Hot', rules), at)).toEqual({ ok: true });
      expect(await ctx.store.segments.get('hot')).toMatchObject({ name: 'Hot', count: 2 });
      expect((await ctx.store.contacts.list({ segment: 'hot' }, { limit: 10 })).items.map((c) => c.id).sort()).toEqual(['ada', 'cy']);
      expect(await ctx.store.segments.membershipOf('ada')).toEqual([{ id: 'hot', name: 'Hot' }]);

      const bob = people[1]!;
      const ada = people[0]!;
      await ctx.store.contacts.ingest([{ contact: { ...bob, score: 90 }, isNew: false }, { contact: { ...ada, score: 1 }, isNew: false }], []);
      const changes = await ctx.store.segments.refreshContacts(['bob', 'ada', 'dee'], at);
      expect(changes.sort((a, b) => a.contactId.localeCompare(b.contactId))).toEqual([
        { segmentId: 'hot', segmentName: 'Hot', contactId: 'ada', change: 'exited' },
        { segmentId: 'hot', segmentName: 'Hot', contactId: 'bob', change: 'entered' },
      ]);
      expect(await ctx.store.segments.refreshContacts(['bob', 'ada'], at)).toEqual([]);
      expect(await ctx.store.segments.membershipOf('ada')).toEqual([]);
    });

    test('names are unique; a time-based segment is swept as time passes', async () => {
      const recent = checked([{ event: 'order.completed', op: 'did', withinDays: 5 }]);
      expect(await ctx.store.segments.create(segment('recent', 'Recent buyers', recent), at)).toEqual({ ok: true });
      expect(await ctx.store.segments.create(segment('other', 'Recent buyers', recent), at)).toEqual({ ok: false, reason: 'name_taken' });
      expect((await ctx.store.segments.get('recent'))?.count).toBe(1);
      expect(await ctx.store.segments.refreshTimeBased(at)).toEqual([]);
      const later = { now: new Date(NOW.getTime() + 3 * 86_400_000) };
      expect(await ctx.store.segments.refreshTimeBased(later)).toEqual([
        { segmentId: 'recent', segmentName: 'Recent buyers', contactId: 'ada', change: 'exited' },
      ]);
      expect(await ctx.store.segments.delete('recent')).toBe(true);
      expect(await ctx.store.segments.get('recent')).toBeNull();
    });

    test('matching ids come in id order after a cursor, for audiences read in batches', async () => {
      const all = checked([]);
      expect(await ctx.store.segments.matchingIds(all, null, 2, at)).toEqual(['ada', 'bob']);
      expect(await ctx.store.segments.matchingIds(all, 'bob', 2, at)).toEqual(['cy', 'dee']);
      expect(await ctx.store.segments.matchingIds(all, 'dee', 2, at)).toEqual([]);
    });
  });
}

function checked(rules: SegmentRules['rules']): SegmentRules {
  const result = resolveSegmentRules({ match: 'all', rules });
  if ('problems' in result) throw new Error(JSON.stringify(result.problems));
  return result.rules;
}

const segment = (id: string, name: string, rules: SegmentRules) =>
  ({ id, name, description: null, rules, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
