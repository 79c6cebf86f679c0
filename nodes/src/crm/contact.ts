import { defineNode, next } from '@tern/shared';
import { z } from 'zod';
import { contactIdParam, contactsService, targetContactId } from '../lib/contacts.js';

export const contactParams = z.object({
  action: z.enum(['upsert', 'update']).default('upsert').meta({
    label: 'Action',
    widget: 'select',
    description: "Upsert: update the run's contact, or find the contact by the email or phone given and create it when there is none. Update: change an existing contact only.",
  }),
  fields: z.record(z.string().min(1), z.unknown()).meta({
    label: 'Fields',
    widget: 'json',
    description: 'email, phone, first_name, last_name, timezone, locale, consent, or any custom field; values may be templates, e.g. { "plan": "{{ trigger.body.plan }}" }.',
  }),
  contactId: contactIdParam,
});

/**
 * Creates or updates a contact and outputs it as the API shows it. Field values are normalised
 * like everywhere else (email lower-cased, phone in E.164); an invalid one fails the step naming
 * the field. Setting the same fields again changes nothing, so a retried step is harmless.
 */
export const contactNode = defineNode({
  type: 'crm.contact',
  version: 1,
  title: 'Contact',
  description: 'Creates or updates a contact and sets its fields.',
  category: 'crm',
  icon: 'user',
  outputs: ['out'],
  params: contactParams,
  async execute(ctx) {
    const contacts = contactsService(ctx);
    const { action, fields, contactId } = ctx.params;
    const options = { idempotencyKey: ctx.idempotencyKey };
    if (action === 'update') return next(await contacts.update(targetContactId(ctx, contactId), fields, options));
    const runContact = typeof ctx.contact?.id === 'string' ? ctx.contact.id : null;
    return next(await contacts.upsert(contactId ?? runContact, fields, options));
  },
});
