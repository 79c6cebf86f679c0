// Store suite: lead scoring — scoring rules, contact changes applied once per key, score decay
// after inactivity (never below 0), and the Segment ids linked to contacts.
import { describe, expect, test } from 'vitest';
import type { ScoringRuleRecord } from '../store.js';
import type { SuiteContext } from '../store-suite.js';
import { collectPages } from './fixtures.js';
import { contact, event } from './contacts.js';

function rule(n: number, fields: Partial<ScoringRuleRecord> = {}): ScoringRuleRecord {
  const at = `2026-01-05T09:00:0${n}.000Z`;
  return { id: `rule-${n}`, name: `Rule ${n}`, event: 'page.viewed', filter: null, points: n, active: true, createdAt: at, updatedAt: at, ...fields };
}

export function describeScoring(ctx: SuiteContext): void {
  describe('lead scoring', () => {
    test('scoring rules: create, read, list newest first in pages, the active ones, update, delete', async () => {
      const rules = ctx.store.scoringRules;
      const filter = { match: 'all' as const, rules: [{ field: 'event.data.path', op: 'eq' as const, value: '/pricing' }] };
      for (const n of [1, 2, 3]) await rules.create(rule(n, n === 2 ? { active: false, filter } : {}));
      expect(await rules.get('rule-2')).toEqual(rule(2, { active: false, filter }));
      expect((await collectPages((cursor) => rules.list({ limit: 2, ...(cursor ? { cursor } : {}) }))).map((page) => page.map((r) => r.id))).toEqual([['rule-3', 'rule-2'], ['rule-1']]);
      expect((await rules.listActive()).map((r) => r.id).sort()).toEqual(['rule-1', 'rule-3']);
      expect(await rules.update(rule(1, { points: -5 }))).toBe(true);
      expect((await rules.get('rule-1'))?.points).toBe(-5);
      expect(await rules.update(rule(9))).toBe(false);
      expect(await rules.delete('rule-1')).toBe(true);
      expect(await rules.delete('rule-1')).toBe(false);
      expect(await rules.get('rule-1')).toBeNull();
    });

    test('a contact change is applied once per key; a repeat returns the first result', async () => {
      const ada = contact({ score: 10 });
      await ctx.store.contacts.create(ada);
      const addFive = (key: string) => ctx.store.contactChanges.apply(key, ada.id, (c) => ({ contact: { ...c, score: c.score + 5 }, result: { from: c.score, to: c.score + 5 } }));
      expect(await addFive('step-1')).toEqual({ applied: true, result: { from: 10, to: 15 } });
      expect(await addFive('step-1')).toEqual({ applied: false, result: { from: 10, to: 15 } });
      expect(await addFive('step-2')).toEqual({ applied: true, result: { from: 15, to: 20 } });
      expect((await ctx.store.contacts.get(ada.id))?.score).toBe(20);
      expect(await ctx.store.contactChanges.apply('step-3', 'nobody', (c) => ({ contact: c, result: 1 }))).toBeNull();
      expect(await ctx.store.contactChanges.pruneBefore('9999-01-01T00:00:00.000Z')).toBe(2);
    });

    test('decay takes points from contacts inactive since the cutoff, once per period, never below 0', async () => {
      const idle = contact({ score: 3, createdAt: '2026-01-01T00:00:00.000Z' });
      const active = contact({ score: 50, createdAt: '2026-01-01T00:00:00.000Z' });
      const zero = contact({ score: 0, createdAt: '2026-01-01T00:00:00.000Z' });
      for (const c of [idle, active, zero]) await ctx.store.contacts.create(c);
      // A score.changed event is not activity; a page view is.
      await ctx.store.contacts.ingest([], [event(idle.id, 'score.changed', '2026-02-10T00:00:00.000Z'), event(active.id, 'page.viewed', '2026-02-10T00:00:00.000Z')]);
      const changes = await ctx.store.contactChanges.decay('2026-02-01T00:00:00.000Z', 5, '2026-03-03T00:00:00.000Z', 100);
      expect(changes).toEqual([{ contactId: idle.id, from: 3, to: 0 }]);
      expect((await ctx.store.contacts.get(idle.id))?.score).toBe(0);
      expect(await ctx.store.contactChanges.decay('2026-02-01T00:00:00.000Z', 5, '2026-03-03T00:00:00.000Z', 100)).toEqual([]);
    });

    test('Segment ids link to a contact, and a later link moves them', async () => {
      const [ada, grace] = [contact(), contact()];
      for (const c of [ada, grace]) await ctx.store.contacts.create(c);
      await ctx.store.contactAliases.link(ada.id, [{ kind: 'userId', value: 'u-1' }, { kind: 'anonymousId', value: 'a-1' }]);
      expect(await ctx.store.contactAliases.find('userId', 'u-1')).toBe(ada.id);
      expect(await ctx.store.contactAliases.find('anonymousId', 'u-1')).toBeNull();
      await ctx.store.contactAliases.link(grace.id, [{ kind: 'userId', value: 'u-1' }]);
      expect(await ctx.store.contactAliases.find('userId', 'u-1')).toBe(grace.id);
      expect(await ctx.store.contactAliases.find('anonymousId', 'a-1')).toBe(ada.id);
    });
  });
}
