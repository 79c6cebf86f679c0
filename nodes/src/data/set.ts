import { defineNode, next } from '@tern/shared';
import { z } from 'zod';

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

export const setParams = z.object({
  values: z
    .record(z.string(), z.unknown())
    .superRefine((values, ctx) => {
      for (const problem of keyProblems(Object.keys(values))) ctx.addIssue({ code: 'custom', path: [problem.key], message: problem.message });
    })
    .meta({
      // No widget hint: the editor's record form (a row per field, each value a template) fits best.
      label: 'Values',
      description: 'Field name → value or template; a dotted name such as customer.tier builds nested objects.',
    }),
});

/** Outputs the given values, templates rendered, with dotted names built into nested objects. */
export const setNode = defineNode({
  type: 'data.set',
  version: 1,
  title: 'Set fields',
  description: 'Builds an output from values and templates.',
  category: 'data',
  icon: 'pencil',
  outputs: ['out'],
  params: setParams,
  execute: (ctx) => {
    const output: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(ctx.params.values)) {
      const segments = key.split('.');
      const last = segments.pop()!;
      let target = output;
      for (const segment of segments) target = (target[segment] ??= {}) as Record<string, unknown>;
      target[last] = value;
    }
    return next(output);
  },
});

/**
 * Names are checked once, on the keys alone, so execute() cannot meet a conflict: no segment may
 * reach a prototype, and no name may be a prefix of another (`a` and `a.b` would both own `a`).
 */
function keyProblems(keys: string[]): Array<{ key: string; message: string }> {
  const problems: Array<{ key: string; message: string }> = [];
  for (const key of keys) {
    const segments = key.split('.');
    if (segments.some((s) => s === '')) problems.push({ key, message: 'a field name may not be empty or have empty parts around a "."' });
    else if (segments.some((s) => FORBIDDEN.has(s))) problems.push({ key, message: `"${key}" uses a reserved name (__proto__, prototype, constructor)` });
    const owner = keys.find((other) => key.startsWith(`${other}.`));
    if (owner) problems.push({ key, message: `"${key}" would write inside "${owner}", which is set as a whole` });
  }
  return problems;
}
