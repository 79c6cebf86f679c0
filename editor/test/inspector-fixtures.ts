// Shared fixtures of the inspector tests: JSON Schemas shaped as zod 4's `z.toJSONSchema(…, { io:
// 'input' })` writes them for real nodes, a test node using every widget kind, and a fake server
// answering the credential routes.
import type { NodeDescription } from '@tern/shared';
import { vi } from 'vitest';

const ops = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'not_contains', 'starts_with', 'ends_with', 'exists', 'not_exists', 'in', 'not_in', 'before', 'after', 'has_tag', 'not_has_tag', 'in_segment', 'not_in_segment'];

/** The recursive rules group as zod writes it: `$defs.__schema0`. */
export const rulesDefs = {
  __schema0: {
    type: 'object',
    properties: {
      match: { default: 'all', type: 'string', enum: ['all', 'any'] },
      rules: {
        type: 'array',
        items: {
          anyOf: [
            { type: 'object', properties: { field: { type: 'string', minLength: 1 }, op: { type: 'string', enum: ops }, value: {} }, required: ['field', 'op'] },
            { $ref: '#/$defs/__schema0' },
          ],
        },
      },
    },
    required: ['rules'],
  },
};

/** A test node whose params use every widget kind. */
export const everyWidgetSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    title: { type: 'string', minLength: 1, label: 'Title', widget: 'text', placeholder: 'Welcome' },
    count: { type: 'integer', minimum: 1, maximum: 10, label: 'Count', widget: 'number' },
    method: { default: 'GET', type: 'string', enum: ['GET', 'POST'], label: 'Method', widget: 'select' },
    days: { minItems: 1, type: 'array', items: { type: 'string', enum: ['mon', 'tue', 'wed'] }, label: 'Days', widget: 'select' },
    urgent: { type: 'boolean', label: 'Urgent', widget: 'boolean' },
    timeout: {
      type: 'object',
      properties: { amount: { type: 'number', exclusiveMinimum: 0 }, unit: { type: 'string', enum: ['minutes', 'hours', 'days'] } },
      required: ['amount', 'unit'],
      label: 'Timeout',
      widget: 'duration',
    },
    subject: { type: 'string', label: 'Subject', widget: 'template' },
    code: { type: 'string', label: 'Code', widget: 'code' },
    payload: { label: 'Payload', widget: 'json', description: 'Any JSON.' },
    credential: { type: 'string', minLength: 1, label: 'Credential', widget: 'credential', credentialTypes: ['smtp'] },
    filter: { $ref: '#/$defs/__schema0', label: 'Filter', widget: 'rules' },
    address: {
      type: 'object',
      label: 'Address',
      properties: {
        city: { type: 'string', label: 'City' },
        zip: { type: 'string', pattern: '^\\d{5}$', label: 'ZIP code', placeholder: '10115' },
      },
      required: ['city'],
    },
    variants: {
      type: 'array',
      label: 'Variants',
      items: {
        type: 'object',
        properties: { name: { type: 'string', minLength: 1, label: 'Name' }, weight: { type: 'number', minimum: 0, label: 'Weight' } },
        required: ['name', 'weight'],
      },
    },
    headers: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: { type: 'string' }, label: 'Headers', widget: 'json' },
    tags: { type: 'array', items: { type: 'string' }, label: 'Tags' },
    auth: {
      oneOf: [
        { type: 'object', properties: { type: { type: 'string', const: 'none' } }, required: ['type'] },
        {
          type: 'object',
          properties: {
            type: { type: 'string', const: 'header' },
            name: { type: 'string', minLength: 1, label: 'Header name' },
            value: { type: 'string', minLength: 1, label: 'Header value' },
          },
          required: ['type', 'name', 'value'],
        },
      ],
      label: 'Authentication',
    },
  },
  required: ['title', 'count', 'credential'],
  $defs: rulesDefs,
};

/** flow.delay's params as the catalogue serves them: a union at the root. */
export const delaySchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  oneOf: [
    {
      type: 'object',
      properties: {
        mode: { type: 'string', const: 'duration' },
        amount: { type: 'number', exclusiveMinimum: 0, label: 'Wait', widget: 'number' },
        unit: { type: 'string', enum: ['seconds', 'minutes', 'hours', 'days', 'weeks'], label: 'Unit', widget: 'select' },
      },
      required: ['mode', 'amount', 'unit'],
    },
    {
      type: 'object',
      properties: { mode: { type: 'string', const: 'until' }, at: { type: 'string', minLength: 1, label: 'Until', widget: 'template' } },
      required: ['mode', 'at'],
    },
    {
      type: 'object',
      properties: {
        mode: { type: 'string', const: 'window' },
        days: { minItems: 1, type: 'array', items: { type: 'string', enum: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }, label: 'Days', widget: 'select' },
        from: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', label: 'From', widget: 'text', placeholder: '09:00' },
      },
      required: ['mode', 'days', 'from'],
    },
  ],
};

const conditionParams = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  ...rulesDefs.__schema0,
  label: 'Rules',
  widget: 'rules',
  $defs: rulesDefs,
};

const description = (d: Partial<NodeDescription> & Pick<NodeDescription, 'type' | 'title' | 'category' | 'params'>): NodeDescription => ({
  version: 1,
  description: `${d.title} node.`,
  icon: 'box',
  inputs: d.trigger ? [] : ['in'],
  outputs: ['out'],
  ...d,
});

export const catalogue: NodeDescription[] = [
  description({
    type: 'trigger.webhook',
    title: 'Webhook',
    category: 'trigger',
    trigger: 'webhook',
    icon: 'webhook',
    description: 'Starts the workflow when a service calls its URL.',
    params: {
      type: 'object',
      properties: { path: { label: 'Path', widget: 'text', type: 'string', minLength: 1, pattern: '^[A-Za-z0-9/_.-]+$' } },
      required: ['path'],
    },
  }),
  description({
    type: 'http.request',
    title: 'HTTP request',
    category: 'http',
    outputs: ['out', 'error'],
    params: {
      type: 'object',
      properties: { url: { type: 'string', label: 'URL', widget: 'template' } },
      required: ['url'],
    },
  }),
  description({ type: 'logic.condition', title: 'Condition', category: 'logic', outputs: ['true', 'false'], params: conditionParams }),
  description({
    type: 'data.set',
    title: 'Set fields',
    category: 'data',
    params: {
      type: 'object',
      properties: { values: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: {}, label: 'Values', widget: 'json' } },
      required: ['values'],
    },
  }),
];

interface FakeCredential {
  id: string;
  type: string;
  name: string;
  fields: Record<string, unknown>;
  secrets: string[];
}

/** Answers `/api/credentials` and `/api/credential-types` from memory; records what was created. */
export function fakeCredentialServer(initial: FakeCredential[] = []) {
  const credentials = [...initial];
  const created: unknown[] = [];
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    if (url.startsWith('/api/credential-types')) {
      return json(200, {
        items: [
          {
            type: 'smtp',
            fields: {
              type: 'object',
              properties: {
                host: { type: 'string', minLength: 1 },
                port: { type: 'integer', minimum: 1, maximum: 65535 },
                secure: { default: false, type: 'boolean' },
                user: { default: '', type: 'string' },
                password: { default: '', type: 'string' },
              },
              required: ['host', 'port'],
            },
            secret: ['password'],
          },
          { type: 'http_bearer', fields: { type: 'object', properties: { token: { type: 'string', minLength: 1 } }, required: ['token'] }, secret: ['token'] },
        ],
        total: 2,
        nextCursor: null,
      });
    }
    if (url.startsWith('/api/credentials') && method === 'GET') return json(200, { items: credentials, total: credentials.length, nextCursor: null });
    if (url.startsWith('/api/credentials') && method === 'POST') {
      const body = JSON.parse(String(init?.body)) as { type: string; name: string; data: Record<string, unknown> };
      created.push(body);
      const credential = { id: `cred-${credentials.length + 1}`, type: body.type, name: body.name, fields: {}, secrets: [] };
      credentials.push(credential);
      return json(201, credential);
    }
    return json(404, { error: { code: 'not_found', message: `no route for ${method} ${url}` } });
  });
  return { fetch, created, credentials };
}
