import { describe, expect, it } from 'vitest';
import { runNode } from '../testing/index.js';
import { mergeNode } from './merge.js';

const arrivals = [
  { from: 'crm_lookup', port: 'out', data: { plan: 'pro' } },
  { from: 'score', port: 'true', data: { score: 80 } },
];

describe('logic.merge', () => {
  it('asks the engine to wait for every branch by default, or the first when set', () => {
    expect(mergeNode.join?.(mergeNode.params.parse({}))).toBe('all');
    expect(mergeNode.join?.(mergeNode.params.parse({ mode: 'first' }))).toBe('first');
  });

  it('mode all: outputs each branch under the id of the node it came from', async () => {
    const { result } = await runNode(mergeNode, { params: {}, input: arrivals });
    expect(result).toEqual({ kind: 'continue', port: 'out', output: { crm_lookup: { plan: 'pro' }, score: { score: 80 } } });
  });

  it('mode first: outputs what the first branch to arrive brought', async () => {
    const { result } = await runNode(mergeNode, { params: { mode: 'first' }, input: arrivals });
    expect(result).toEqual({ kind: 'continue', port: 'out', output: { plan: 'pro' } });
  });

  it('keeps a node id such as __proto__ as plain data', async () => {
    const { result } = await runNode(mergeNode, { params: {}, input: [{ from: '__proto__', port: 'out', data: { polluted: true } }] });
    const output = (result as { output: Record<string, unknown> }).output;
    expect(Object.keys(output)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('fails clearly when the engine passes something other than arrivals', async () => {
    await expect(runNode(mergeNode, { params: {}, input: { plan: 'pro' } })).rejects.toThrow('list of arrivals');
  });
});
