import { createHash } from 'node:crypto';
import { defineNode, type NodeContext, next } from '@tern/shared';
import { z } from 'zod';

export const splitParams = z.object({
  variants: z
    .array(
      z.object({
        name: z
          .string()
          .min(1, 'must not be empty')
          .max(100, 'must be at most 100 characters')
          .regex(/^[A-Za-z0-9_-]+$/, 'may hold only letters, digits, "_" and "-" (it names a port)')
          .meta({ label: 'Name', widget: 'text', placeholder: 'a' }),
        weight: z.number().positive('must be greater than 0').finite().meta({ label: 'Weight', widget: 'number' }),
      }),
    )
    .min(2, 'add at least two variants')
    .superRefine((variants, issue) => {
      const seen = new Set<string>();
      variants.forEach((variant, index) => {
        if (seen.has(variant.name)) issue.addIssue({ code: 'custom', path: [index, 'name'], message: `"${variant.name}" is already a variant` });
        seen.add(variant.name);
      });
    })
    .meta({ label: 'Variants', description: 'Each contact goes down one of them, in proportion to the weights, and always the same one.' }),
});
export type SplitParams = z.output<typeof splitParams>;

/**
 * An A/B/n split: one port per variant, chosen in proportion to the weights. The choice is a
 * hash of (workflow, node, contact), so a contact who passes again (a later run, a loop) takes
 * the same variant; a run without a contact is split by its execution id.
 */
export const splitNode = defineNode({
  type: 'logic.split',
  version: 1,
  title: 'A/B split',
  description: 'Sends each contact down one variant by weight, always the same one for a contact.',
  category: 'logic',
  icon: 'shuffle',
  outputs: { param: 'variants', port: '{name}' },
  params: splitParams,
  execute: (ctx) => {
    const variant = pickVariant(ctx.params.variants, bucketOf(ctx));
    return next({ variant }, variant);
  },
});

/** A number in [0, 1), the same for the same workflow, node and contact. */
function bucketOf(ctx: NodeContext<SplitParams>): number {
  const contactId = ctx.contact?.id;
  const subject = typeof contactId === 'string' || typeof contactId === 'number' ? `contact:${contactId}` : `execution:${ctx.data.execution.id}`;
  const digest = createHash('sha256').update(`${ctx.data.workflow.id}\n${ctx.node.id}\n${subject}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

export function pickVariant(variants: SplitParams['variants'], bucket: number): string {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  let upTo = 0;
  for (const variant of variants) {
    upTo += variant.weight / total;
    if (bucket < upTo) return variant.name;
  }
  return variants[variants.length - 1]!.name; // rounding left the bucket just past the last bound
}
