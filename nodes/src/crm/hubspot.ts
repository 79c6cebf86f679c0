import { defineNode, type HttpResponse, type NodeContext, next, ParamError } from '@tern/shared';
import { z } from 'zod';
import { channelCredential } from '../lib/delivery.js';

export const HUBSPOT_DEFAULT_BASE_URL = 'https://api.hubapi.com';
/** HubSpot's own association type: deal to contact. */
const DEAL_TO_CONTACT = 3;

export const hubspotParams = z.object({
  credential: z
    .string()
    .min(1, 'choose a HubSpot credential')
    .meta({ label: 'HubSpot credential', widget: 'credential', credentialTypes: ['hubspot'] }),
  action: z.enum(['upsert_contact', 'create_deal']).meta({ label: 'Action', widget: 'select' }),
  properties: z
    .record(z.string().min(1), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .meta({
      label: 'Properties',
      widget: 'json',
      description: 'HubSpot property names and values, e.g. { "email": "{{ contact.email }}", "firstname": "{{ contact.first_name }}" }; a contact is found by its email.',
    }),
  associateContactId: z
    .string()
    .optional()
    .meta({ label: 'Associate with contact', widget: 'template', description: "For a deal: the HubSpot id of a contact, e.g. {{ steps.upsert.id }}." }),
});
export type HubspotParams = z.output<typeof hubspotParams>;

interface HubspotRecord {
  id: string;
  properties: Record<string, unknown>;
  createdAt?: string;
  updatedAt?: string;
  new?: boolean;
}

/**
 * Creates or updates a contact (found by email) or creates a deal in HubSpot through its CRM v3
 * API. HubSpot's answer goes out on `out` (`{ id, properties, … }`); a refusal (4xx) on `error`
 * with HubSpot's message. HubSpot being unreachable or failing (5xx, 429 after retries) fails the
 * step, for its `retry`.
 */
export const hubspotNode = defineNode({
  type: 'crm.hubspot',
  version: 1,
  title: 'HubSpot',
  description: 'Creates or updates a contact, or creates a deal, in HubSpot.',
  category: 'crm',
  icon: 'building',
  outputs: ['out', 'error'],
  params: hubspotParams,
  async execute(ctx) {
    const { token, baseUrl } = await hubspotCredential(ctx);
    const properties = asHubspotValues(ctx.params.properties);
    const call = (path: string, body: unknown, retries: number) =>
      ctx.services.http.request({
        method: 'POST',
        url: `${baseUrl}${path}`,
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        body,
        timeoutMs: 15_000,
        retries,
      });

    let response: HttpResponse;
    if (ctx.params.action === 'upsert_contact') {
      const email = properties.email?.trim().toLowerCase() ?? '';
      if (email === '') return next({ message: 'params.properties.email is empty: HubSpot finds a contact by its email' }, 'error');
      // An upsert can be repeated safely, so the client may retry it.
      response = await call('/crm/v3/objects/contacts/batch/upsert', { inputs: [{ idProperty: 'email', id: email, properties: { ...properties, email } }] }, 2);
    } else {
      const contactId = ctx.params.associateContactId?.trim();
      const associations = contactId
        ? [{ to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: DEAL_TO_CONTACT }] }]
        : undefined;
      // Creating is not idempotent at HubSpot: never sent twice by the client.
      response = await call('/crm/v3/objects/deals', { properties, ...(associations ? { associations } : {}) }, 0);
    }
    return answer(response);
  },
});

function answer(response: HttpResponse) {
  const { status, body } = response;
  if (status === 429 || status >= 500) {
    throw new Error(`HubSpot answered with HTTP status ${status}${hubspotMessage(body) ? `: ${hubspotMessage(body)}` : ''}`);
  }
  if (status < 200 || status >= 300) return next(hubspotError(status, body), 'error');
  const data = (body ?? {}) as { results?: HubspotRecord[]; errors?: unknown[] } & HubspotRecord;
  // A batch answers 207 with per-input errors when some of it failed.
  const failed = Array.isArray(data.errors) ? data.errors[0] : undefined;
  if (failed) return next(hubspotError(status, failed), 'error');
  const record = Array.isArray(data.results) ? data.results[0] : data;
  if (!record || typeof record.id !== 'string') return next({ message: 'HubSpot answered without a record', status, body }, 'error');
  return next({
    id: record.id,
    properties: record.properties ?? {},
    ...(record.createdAt ? { createdAt: record.createdAt } : {}),
    ...(record.updatedAt ? { updatedAt: record.updatedAt } : {}),
    ...(typeof record.new === 'boolean' ? { created: record.new } : {}),
  });
}

function hubspotError(status: number, body: unknown) {
  const { category, correlationId } = (body ?? {}) as { category?: unknown; correlationId?: unknown };
  return {
    message: hubspotMessage(body) ?? `HubSpot answered with HTTP status ${status}`,
    status,
    ...(typeof category === 'string' ? { category } : {}),
    ...(typeof correlationId === 'string' ? { correlationId } : {}),
  };
}

function hubspotMessage(body: unknown): string | undefined {
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

/** HubSpot stores property values as text: numbers and booleans as written, null as empty. */
function asHubspotValues(properties: HubspotParams['properties']): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

async function hubspotCredential(ctx: NodeContext<HubspotParams>): Promise<{ token: string; baseUrl: string }> {
  const { data } = await channelCredential(ctx, ctx.params.credential, ['hubspot']);
  if (typeof data.token !== 'string' || data.token === '') throw new ParamError('params.credential', 'the hubspot credential has no token');
  const base = typeof data.baseUrl === 'string' && data.baseUrl !== '' ? data.baseUrl : HUBSPOT_DEFAULT_BASE_URL;
  return { token: data.token, baseUrl: base.replace(/\/+$/, '') };
}
