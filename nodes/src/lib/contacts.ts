// What the contact nodes (crm.contact, crm.tag, crm.score) share: the contact database port and
// the contact a node changes — its `contactId` param, else the contact the run belongs to.
import { type ContactsService, type NodeContext, ParamError } from '@tern/shared';
import { z } from 'zod';

/** The optional param naming another contact than the run's, e.g. `{{ steps.upsert.id }}`. */
export const contactIdParam = z
  .string()
  .trim()
  .min(1, 'must be a contact id')
  .optional()
  .meta({
    label: 'Contact',
    widget: 'template',
    description: "Leave empty for the run's contact; or a contact id, e.g. {{ steps.upsert.id }} after a Contact node.",
  });

export function contactsService(ctx: NodeContext<unknown>): ContactsService {
  const service = ctx.services.contacts;
  if (!service) throw new Error(`${ctx.node.type} needs the contact database, which this runtime does not provide`);
  return service;
}

/** The contact to change: the param, else the run's; a run without one fails on `params.contactId`. */
export function targetContactId(ctx: NodeContext<unknown>, param: string | undefined): string {
  const id = param ?? (typeof ctx.contact?.id === 'string' ? ctx.contact.id : undefined);
  if (id === undefined) {
    throw new ParamError('params.contactId', 'this run has no contact: start it from a contact event, or name one (e.g. {{ steps.upsert.id }})');
  }
  return id;
}
