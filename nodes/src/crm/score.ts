import { defineNode, next } from '@tern/shared';
import { z } from 'zod';
import { contactIdParam, contactsService, targetContactId } from '../lib/contacts.js';

export const scoreParams = z.object({
  points: z
    .number({ error: 'must be a number of points' })
    .int('must be a whole number')
    .refine((n) => n !== 0, 'must add or subtract at least one point')
    .meta({ label: 'Points', widget: 'number', description: 'Added to the lead score; a negative number subtracts.' }),
  contactId: contactIdParam,
});

/**
 * Adds lead-score points to the contact (negative subtracts) and outputs `{ from, to, delta,
 * contact }`. The change records `score.changed` with `{ from, to, delta }`; a retried step adds
 * its points once.
 */
export const scoreNode = defineNode({
  type: 'crm.score',
  version: 1,
  title: 'Score',
  description: 'Adds or subtracts lead-score points.',
  category: 'crm',
  icon: 'trending-up',
  outputs: ['out'],
  params: scoreParams,
  async execute(ctx) {
    const { points, contactId } = ctx.params;
    const { contact, from, to } = await contactsService(ctx).score(targetContactId(ctx, contactId), points, { idempotencyKey: ctx.idempotencyKey });
    return next({ from, to, delta: to - from, contact });
  },
});
