import { defineNode, next } from '@tern/shared';
import { z } from 'zod';

export const mergeParams = z.object({
  mode: z.enum(['all', 'first']).default('all').meta({
    label: 'Wait for',
    widget: 'select',
    description: 'all: every incoming branch, outputs { <node id>: output }. first: the first to arrive, outputs its output.',
  }),
});

/** One arrival at the merge, as the engine passes them in `ctx.input`, in arrival order. */
export interface MergeArrival {
  /** The id of the node the branch came from. */
  from: string;
  port: string;
  data: unknown;
}

/** Joins branches: the engine holds the path until all (or the first) of them arrive. */
export const mergeNode = defineNode({
  type: 'logic.merge',
  version: 1,
  title: 'Merge',
  description: 'Waits for all incoming branches, or the first, then goes on as one.',
  category: 'logic',
  icon: 'merge',
  outputs: ['out'],
  params: mergeParams,
  join: (params) => params.mode,
  execute: (ctx) => {
    const arrivals = asArrivals(ctx.input);
    if (ctx.params.mode === 'first') return next(arrivals[0]?.data ?? null);
    // fromEntries defines own properties, so even a node id such as "__proto__" stays plain data.
    return next(Object.fromEntries(arrivals.map((a) => [a.from, a.data])));
  },
});

function asArrivals(input: unknown): MergeArrival[] {
  const valid = Array.isArray(input) && input.every((a) => a !== null && typeof a === 'object' && typeof a.from === 'string');
  if (!valid) throw new Error('logic.merge expects its input to be the list of arrivals { from, port, data }');
  return input as MergeArrival[];
}
