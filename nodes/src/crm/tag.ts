import { defineNode, next } from '@tern/shared';
import { z } from 'zod';
import { contactIdParam, contactsService, targetContactId } from '../lib/contacts.js';

const tagList = (label: string) =>
  z
    .array(z.string().trim().min(1, 'a tag must not be empty').max(100, 'a tag may be at most 100 characters'))
    .max(100)
    .optional()
    .meta({ label, widget: 'json', description: 'One tag a line, e.g. customer or {{ trigger.body.plan }}.' });

export const tagParams = z
  .object({ add: tagList('Add tags'), remove: tagList('Remove tags'), contactId: contactIdParam })
  .refine((p) => (p.add?.length ?? 0) + (p.remove?.length ?? 0) > 0, { message: 'give a tag to add or to remove', path: ['add'] });

/**
 * Adds and removes tags on the contact, then outputs it. Each tag that actually changes records
 * `tag.added` or `tag.removed` (data `{ tag }`), which flows can start on; a retried step records
 * nothing twice.
 */
export const tagNode = defineNode({
  type: 'crm.tag',
  version: 1,
  title: 'Tag',
  description: 'Adds or removes tags on the contact.',
  category: 'crm',
  icon: 'tag',
  outputs: ['out'],
  params: tagParams,
  async execute(ctx) {
    const { add, remove, contactId } = ctx.params;
    const change = { ...(add ? { add } : {}), ...(remove ? { remove } : {}) };
    return next(await contactsService(ctx).tag(targetContactId(ctx, contactId), change, { idempotencyKey: ctx.idempotencyKey }));
  },
});
