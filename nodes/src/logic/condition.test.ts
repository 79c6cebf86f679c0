import { paramProblems, type Rule } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { runNode } from '../testing/index.js';
import { conditionNode } from './condition.js';

const trigger = { body: { score: '72', email: 'Ada@Example.com', plan: 'pro', items: ['sku-1', 'sku-2'], paidAt: '2026-01-03T10:00:00Z' } };
const contact = { email: 'ada@example.com', first_name: 'Ada', phone: '', tags: ['customer', 'vip'] };
const steps = { lookup: { status: 200 } };

async function portFor(params: Record<string, unknown>) {
  const { result } = await runNode(conditionNode, { params, input: { from: 'upstream' }, trigger, contact, steps });
  if (result.kind !== 'continue') throw new Error(`expected the condition to continue, got ${result.kind}`);
  expect(result.output).toEqual({ from: 'upstream' });
  return result.port;
}

const single = (rule: Rule) => portFor({ match: 'all', rules: [rule] });

// For every operator of the contract, one rule that holds and one that does not.
const cases: Array<[Rule['op'], Rule, Rule]> = [
  ['eq', { field: 'trigger.body.plan', op: 'eq', value: 'pro' }, { field: 'trigger.body.plan', op: 'eq', value: 'free' }],
  ['neq', { field: 'trigger.body.plan', op: 'neq', value: 'free' }, { field: 'trigger.body.plan', op: 'neq', value: 'pro' }],
  ['gt', { field: 'trigger.body.score', op: 'gt', value: 50 }, { field: 'trigger.body.score', op: 'gt', value: 72 }],
  ['gte', { field: 'trigger.body.score', op: 'gte', value: 72 }, { field: 'trigger.body.score', op: 'gte', value: 73 }],
  ['lt', { field: 'steps.lookup.status', op: 'lt', value: 300 }, { field: 'steps.lookup.status', op: 'lt', value: 200 }],
  ['lte', { field: 'steps.lookup.status', op: 'lte', value: 200 }, { field: 'steps.lookup.status', op: 'lte', value: 199 }],
  ['contains', { field: 'trigger.body.email', op: 'contains', value: '@example' }, { field: 'trigger.body.email', op: 'contains', value: '@gmail' }],
  ['not_contains', { field: 'trigger.body.items', op: 'not_contains', value: 'sku-9' }, { field: 'trigger.body.items', op: 'not_contains', value: 'sku-2' }],
  ['starts_with', { field: 'contact.first_name', op: 'starts_with', value: 'ad' }, { field: 'contact.first_name', op: 'starts_with', value: 'Bo' }],
  ['ends_with', { field: 'contact.email', op: 'ends_with', value: '.com' }, { field: 'contact.email', op: 'ends_with', value: '.org' }],
  ['exists', { field: 'contact.email', op: 'exists' }, { field: 'contact.phone', op: 'exists' }],
  ['not_exists', { field: 'contact.last_name', op: 'not_exists' }, { field: 'contact.first_name', op: 'not_exists' }],
  ['in', { field: 'trigger.body.plan', op: 'in', value: ['pro', 'team'] }, { field: 'trigger.body.plan', op: 'in', value: 'free, team' }],
  ['not_in', { field: 'trigger.body.plan', op: 'not_in', value: ['free'] }, { field: 'trigger.body.plan', op: 'not_in', value: ['pro'] }],
  ['before', { field: 'trigger.body.paidAt', op: 'before', value: '2026-01-04' }, { field: 'trigger.body.paidAt', op: 'before', value: '2026-01-02' }],
  ['after', { field: 'trigger.body.paidAt', op: 'after', value: '2026-01-02' }, { field: 'trigger.body.paidAt', op: 'after', value: '2026-01-04' }],
  ['has_tag', { field: 'contact', op: 'has_tag', value: 'vip' }, { field: 'contact', op: 'has_tag', value: 'churned' }],
  ['not_has_tag', { field: 'contact', op: 'not_has_tag', value: 'churned' }, { field: 'contact', op: 'not_has_tag', value: 'customer' }],
];

describe('logic.condition', () => {
  it.each(cases)('%s: takes "true" when the rule holds and "false" when not', async (_, holds, fails) => {
    expect(await single(holds)).toBe('true');
    expect(await single(fails)).toBe('false');
  });

  it.each(['in_segment', 'not_in_segment'] as const)('%s fails the step with a clear error while segments are not provided', async (op) => {
    await expect(single({ field: 'contact', op, value: 'hot-leads' })).rejects.toThrow(`"${op}" needs segments`);
  });

  it('in_segment reads the segments the runtime lists on the contact (by id or name)', async () => {
    const member = { ...contact, segments: [{ id: 'seg-7', name: 'Hot leads' }] };
    const port = async (rule: Rule) => {
      const { result } = await runNode(conditionNode, { params: { match: 'all', rules: [rule] }, contact: member });
      return result.kind === 'continue' ? result.port : result.kind;
    };
    expect(await port({ field: 'contact', op: 'in_segment', value: 'Hot leads' })).toBe('true');
    expect(await port({ field: 'contact', op: 'in_segment', value: 'seg-8' })).toBe('false');
    expect(await port({ field: 'contact', op: 'not_in_segment', value: 'seg-7' })).toBe('false');
  });

  it("is_anniversary compares with today on the node's clock", async () => {
    const rules = { match: 'all', rules: [{ field: 'contact.birthday', op: 'is_anniversary' }] };
    const on = async (now: string) => {
      const { result } = await runNode(conditionNode, { params: rules, contact: { birthday: '1990-01-05' }, now: new Date(now) });
      return result.kind === 'continue' ? result.port : result.kind;
    };
    expect(await on('2026-01-05T09:00:00Z')).toBe('true');
    expect(await on('2026-01-06T09:00:00Z')).toBe('false');
  });

  const yes = { field: 'trigger.body.plan', op: 'eq', value: 'pro' } as const;
  const no = { field: 'trigger.body.plan', op: 'eq', value: 'free' } as const;

  it('match all: true only when every rule holds', async () => {
    expect(await portFor({ match: 'all', rules: [yes, yes] })).toBe('true');
    expect(await portFor({ match: 'all', rules: [yes, no] })).toBe('false');
  });

  it('match any: true when one rule holds', async () => {
    expect(await portFor({ match: 'any', rules: [no, yes] })).toBe('true');
    expect(await portFor({ match: 'any', rules: [no, no] })).toBe('false');
  });

  it('evaluates nested groups: plan is pro AND (vip OR score > 90)', async () => {
    const vipOrHighScore = (tag: string) => ({
      match: 'any',
      rules: [{ field: 'contact', op: 'has_tag', value: tag }, { field: 'trigger.body.score', op: 'gt', value: 90 }],
    });
    expect(await portFor({ match: 'all', rules: [yes, vipOrHighScore('vip')] })).toBe('true');
    expect(await portFor({ match: 'all', rules: [yes, vipOrHighScore('gold')] })).toBe('false');
  });

  it('renders a templated value before comparing', async () => {
    const scoreAbove = (template: string) => portFor({ match: 'all', rules: [{ field: 'trigger.body.score', op: 'gt', value: template }] });
    expect(await scoreAbove('{{ steps.lookup.status | minus: 150 }}')).toBe('true');
    expect(await scoreAbove('{{ steps.lookup.status | minus: 100 }}')).toBe('false');
  });

  it('refuses an unknown operator on save, naming the rule', () => {
    const problems = paramProblems('c', { match: 'all', rules: [yes, { field: 'contact.email', op: 'like', value: 'x' }] }, conditionNode, 'UTC');
    expect(problems.map((p) => p.field)).toContain('params.rules.1.op');
  });
});
