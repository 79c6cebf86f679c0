import { describe, expect, it } from 'vitest';
import { runNode } from '../testing/index.js';
import { goalNode } from './goal.js';

const bought = { match: 'all', rules: [{ field: 'trigger.order.total', op: 'gte', value: 50 }] };

describe('flow.goal', () => {
  it('ends the journey as converted when the filter matches', async () => {
    const { result } = await runNode(goalNode, { params: { filter: bought }, trigger: { order: { total: 80 } } });
    expect(result).toEqual({ kind: 'stop', output: { converted: true }, converted: true });
  });

  it('ends the journey without converting when the filter does not match', async () => {
    const { result } = await runNode(goalNode, { params: { filter: bought }, trigger: { order: { total: 20 } } });
    expect(result).toEqual({ kind: 'stop', output: { converted: false }, converted: false });
  });

  it('counts everyone who gets here as converted without a filter', async () => {
    const { result } = await runNode(goalNode, { params: {} });
    expect(result).toEqual({ kind: 'stop', output: { converted: true }, converted: true });
  });

  it('reads the contact in its filter', async () => {
    const filter = { match: 'any', rules: [{ field: 'contact.plan', op: 'eq', value: 'pro' }] };
    expect((await runNode(goalNode, { params: { filter }, contact: { plan: 'pro' } })).result).toMatchObject({ converted: true });
    expect((await runNode(goalNode, { params: { filter }, contact: { plan: 'free' } })).result).toMatchObject({ converted: false });
  });

  it('reads the event that led here (a wait\'s `event` port) as `event`', async () => {
    const filter = { match: 'all', rules: [{ field: 'event.type', op: 'eq', value: 'order.completed' }] };
    const input = { event: { type: 'order.completed', data: { total: 42 }, at: '2026-01-05T10:00:00.000Z' } };
    expect((await runNode(goalNode, { params: { filter }, input })).result).toMatchObject({ converted: true });
    expect((await runNode(goalNode, { params: { filter }, input: { timedOut: true } })).result).toMatchObject({ converted: false });
  });

  it('has no output ports', () => {
    expect(goalNode.outputs).toEqual([]);
  });
});
