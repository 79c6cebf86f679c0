import { paramProblems, portsOf } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { runNode } from '../testing/index.js';
import { pickVariant, splitNode } from './split.js';

const ab = { variants: [{ name: 'a', weight: 50 }, { name: 'b', weight: 50 }] };

async function portFor(params: Record<string, unknown>, contactId: string | null, executionId = 'exec-1', workflowId = 'wf-1') {
  const { result } = await runNode(splitNode, {
    params,
    contact: contactId === null ? null : { id: contactId },
    executionId,
    workflowId,
    nodeId: 'split',
  });
  if (result.kind !== 'continue') throw new Error('expected to continue');
  return result.port;
}

describe('logic.split', () => {
  it('has one port per variant, named after it', () => {
    expect(portsOf(splitNode.outputs, { variants: [{ name: 'control', weight: 1 }, { name: 'new_subject', weight: 1 }] })).toEqual(['control', 'new_subject']);
  });

  it('sends a contact down the same variant every time, whatever the execution', async () => {
    const first = await portFor(ab, 'c-7', 'exec-1');
    for (const execution of ['exec-2', 'exec-3', 'exec-4']) expect(await portFor(ab, 'c-7', execution)).toBe(first);
  });

  it('goes on with the chosen variant as output', async () => {
    const { result } = await runNode(splitNode, { params: ab, contact: { id: 'c-7' } });
    expect(result).toEqual({ kind: 'continue', port: (result as { port: string }).port, output: { variant: (result as { port: string }).port } });
  });

  it('splits contacts in proportion to the weights', async () => {
    const params = { variants: [{ name: 'a', weight: 1 }, { name: 'b', weight: 3 }] };
    const counts: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < 2_000; i++) counts[await portFor(params, `contact-${i}`)]! += 1;
    // 500 expected for a; a binomial's standard deviation here is about 19.
    expect(counts.a).toBeGreaterThan(420);
    expect(counts.a).toBeLessThan(580);
  });

  it('splits runs without a contact by their execution, and differently in another workflow', async () => {
    const ports = new Set<string>();
    for (let i = 0; i < 40; i++) ports.add(await portFor(ab, null, `exec-${i}`));
    expect(ports).toEqual(new Set(['a', 'b']));
    const here: string[] = [];
    const there: string[] = [];
    for (let i = 0; i < 40; i++) {
      here.push(await portFor(ab, `c-${i}`, 'e', 'wf-1'));
      there.push(await portFor(ab, `c-${i}`, 'e', 'wf-2'));
    }
    expect(here).not.toEqual(there);
  });

  it('maps a bucket to the variant whose share holds it', () => {
    const variants = [{ name: 'a', weight: 1 }, { name: 'b', weight: 2 }, { name: 'c', weight: 1 }];
    expect([0, 0.24, 0.25, 0.74, 0.75, 0.999999].map((b) => pickVariant(variants, b))).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
  });

  it.each([
    [{ variants: [{ name: 'a', weight: 1 }, { name: 'a', weight: 2 }] }, ['params.variants.1.name']],
    [{ variants: [{ name: 'a b', weight: 1 }, { name: 'c', weight: 1 }] }, ['params.variants.0.name']],
    [{ variants: [{ name: 'a', weight: 0 }, { name: 'b', weight: -1 }] }, ['params.variants.0.weight', 'params.variants.1.weight']],
    [{ variants: [{ name: 'a', weight: 1 }] }, ['params.variants']],
  ])('refuses %o on save, naming the field', (params, fields) => {
    expect(paramProblems('split', params, splitNode, 'UTC').map((p) => p.field)).toEqual(fields);
  });
});
