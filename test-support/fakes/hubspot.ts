// A local stand-in for HubSpot's CRM v3 objects API, for the two calls Tern makes: contacts
// upserted by email (`POST /crm/v3/objects/contacts/batch/upsert`) and deals created
// (`POST /crm/v3/objects/deals`, with associations to contacts). It checks what HubSpot checks —
// a private-app bearer token, a JSON body of the documented shape, known properties with valid
// values, associations to records that exist — and answers in HubSpot's shapes, errors included:
// `{ status: "error", message, correlationId, category }`.
import { randomUUID } from 'node:crypto';
import { type ReceivedRequest, sendJson, startServer } from '../../runtime/src/adapters/test-server.js';

export interface HubspotRecord {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  associations: Array<{ toId: string; typeId: number }>;
}

export interface FakeHubspot {
  /** `http://127.0.0.1:port`: the credential's `baseUrl`. */
  origin: string;
  token: string;
  /** The data of a `hubspot` credential for this portal. */
  credential: { token: string; baseUrl: string };
  requests: ReceivedRequest[];
  contacts: Map<string, HubspotRecord>;
  deals: Map<string, HubspotRecord>;
  close(): Promise<void>;
}

const CONTACT_PROPERTIES = new Set(['email', 'firstname', 'lastname', 'phone', 'company', 'website', 'jobtitle', 'city', 'country', 'lifecyclestage', 'hs_lead_status', 'hubspotscore']);
const DEAL_PROPERTIES = new Set(['dealname', 'amount', 'pipeline', 'dealstage', 'closedate', 'hubspot_owner_id', 'description']);
const LIFECYCLE_STAGES = new Set(['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other']);
const DEAL_TO_CONTACT = 3;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Answer = { status: number; body: unknown };
type PropertyProblem = { name: string; error: string; message: string };

export async function startFakeHubspot(): Promise<FakeHubspot> {
  const token = `pat-eu1-${randomUUID()}`;
  const contacts = new Map<string, HubspotRecord>();
  const deals = new Map<string, HubspotRecord>();
  let nextId = 1001;

  const routes: Record<string, (body: Record<string, unknown>) => Answer> = {
    'POST /crm/v3/objects/contacts/batch/upsert': (body) => {
      const inputs = body.inputs;
      if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > 100) return invalid('inputs must hold between 1 and 100 items');
      const results = [];
      for (const input of inputs as Array<Record<string, unknown>>) {
        if (input.idProperty !== 'email' || typeof input.id !== 'string') return invalid('each input needs idProperty "email" and an id');
        const properties = { ...(input.properties as Record<string, unknown> | undefined), email: input.id };
        const problems = propertyProblems(properties, CONTACT_PROPERTIES, checkContactValue);
        if (problems.length > 0) return propertyError(problems);
        const email = input.id.toLowerCase();
        const now = new Date().toISOString();
        const existing = [...contacts.values()].find((c) => c.properties.email === email);
        const record = existing ?? { id: String(nextId++), properties: {}, createdAt: now, updatedAt: now, associations: [] };
        Object.assign(record.properties, asText(properties), { email, hs_object_id: record.id, lastmodifieddate: now });
        record.updatedAt = now;
        contacts.set(record.id, record);
        results.push({ id: record.id, properties: record.properties, createdAt: record.createdAt, updatedAt: now, archived: false, new: !existing });
      }
      const at = new Date().toISOString();
      return { status: 200, body: { status: 'COMPLETE', results, startedAt: at, completedAt: at } };
    },
    'POST /crm/v3/objects/deals': (body) => {
      const properties = body.properties as Record<string, unknown> | undefined;
      if (!properties || typeof properties !== 'object') return invalid('properties is required');
      const problems = propertyProblems(properties, DEAL_PROPERTIES, checkDealValue);
      if (typeof properties.dealname !== 'string' || properties.dealname === '') {
        problems.push({ name: 'dealname', error: 'REQUIRED_PROPERTY', message: 'dealname is required' });
      }
      if (problems.length > 0) return propertyError(problems);
      const associations: HubspotRecord['associations'] = [];
      for (const association of (body.associations as Array<Record<string, any>> | undefined) ?? []) {
        const toId = String(association?.to?.id ?? '');
        const typeId = Number(association?.types?.[0]?.associationTypeId);
        if (typeId !== DEAL_TO_CONTACT || !contacts.has(toId)) {
          return { status: 400, body: hubspotError(`One or more associations are invalid: no contact ${toId} for association type ${typeId}`, 'VALIDATION_ERROR') };
        }
        associations.push({ toId, typeId });
      }
      const now = new Date().toISOString();
      const id = String(nextId++);
      const record = { id, properties: { ...asText(properties), hs_object_id: id, createdate: now }, createdAt: now, updatedAt: now, associations };
      deals.set(id, record);
      return { status: 201, body: { id, properties: record.properties, createdAt: now, updatedAt: now, archived: false } };
    },
  };

  const server = await startServer((req, res) => {
    const path = new URL(req.url, 'http://hubspot.local').pathname;
    if (req.headers.authorization !== `Bearer ${token}`) {
      return sendJson(res, 401, hubspotError(
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
        'INVALID_AUTHENTICATION',
      ));
    }
    const route = routes[`${req.method} ${path}`];
    if (!route) return sendJson(res, 404, hubspotError(`Unable to route ${req.method} ${path}`, 'OBJECT_NOT_FOUND'));
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return sendJson(res, 415, hubspotError(`Content type '${req.headers['content-type'] ?? ''}' not supported`, 'VALIDATION_ERROR'));
    }
    let body: unknown;
    try {
      body = JSON.parse(req.body);
    } catch (err) {
      return sendJson(res, 400, hubspotError(`Invalid input JSON: ${(err as Error).message}`, 'VALIDATION_ERROR'));
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return sendJson(res, 400, hubspotError('Invalid input JSON: expected an object', 'VALIDATION_ERROR'));
    const answer = route(body as Record<string, unknown>);
    sendJson(res, answer.status, answer.body);
  });

  return {
    origin: server.origin,
    token,
    credential: { token, baseUrl: server.origin },
    requests: server.received,
    contacts,
    deals,
    close: () => server.close(),
  };
}

function propertyProblems(
  properties: Record<string, unknown>,
  known: Set<string>,
  check: (name: string, value: string) => PropertyProblem | null,
): PropertyProblem[] {
  const problems: PropertyProblem[] = [];
  for (const [name, value] of Object.entries(properties)) {
    if (!known.has(name)) {
      problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
    } else if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
      problems.push({ name, error: 'INVALID_OPTION', message: `${JSON.stringify(value)} is not a valid value for ${name}` });
    } else {
      const problem = check(name, value === null ? '' : String(value));
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

function checkContactValue(name: string, value: string): PropertyProblem | null {
  if (name === 'email' && !EMAIL.test(value)) return { name, error: 'INVALID_EMAIL', message: `Email address ${value} is invalid` };
  if (name === 'lifecyclestage' && value !== '' && !LIFECYCLE_STAGES.has(value)) {
    return { name, error: 'INVALID_OPTION', message: `${value} was not one of the allowed options` };
  }
  return null;
}

function checkDealValue(name: string, value: string): PropertyProblem | null {
  if (name === 'amount' && value !== '' && !Number.isFinite(Number(value))) return { name, error: 'INVALID_DOUBLE', message: `${value} is not a valid number` };
  return null;
}

function propertyError(problems: PropertyProblem[]): Answer {
  const detail = problems.map((p) => ({ isValid: false, message: p.message, error: p.error, name: p.name }));
  return { status: 400, body: hubspotError(`Property values were not valid: ${JSON.stringify(detail)}`, 'VALIDATION_ERROR') };
}

function invalid(message: string): Answer {
  return { status: 400, body: hubspotError(`Invalid input JSON: ${message}`, 'VALIDATION_ERROR') };
}

function hubspotError(message: string, category: string) {
  return { status: 'error', message, correlationId: randomUUID(), category };
}

function asText(properties: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, v === null ? '' : String(v)]));
}
