import { defineNode, type NodeContext, next, ParamError } from '@tern/shared';
import { z } from 'zod';
import { headersSchema, messageOf } from '../lib/params.js';

export const httpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
export const httpCredentialTypes = ['http_header', 'http_basic', 'http_bearer'];

export const httpRequestParams = z.object({
  method: z.enum(httpMethods).default('GET').meta({ label: 'Method', widget: 'select' }),
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .meta({ label: 'URL', widget: 'template', placeholder: 'https://api.example.com/contacts/{{ contact.id }}' }),
  headers: headersSchema.optional().meta({ label: 'Headers', widget: 'json' }),
  query: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .meta({ label: 'Query parameters', widget: 'json' }),
  body: z.unknown().optional().meta({ label: 'Body', widget: 'json', description: 'An object or list is sent as JSON, text as is.' }),
  credential: z
    .string()
    .min(1)
    .optional()
    .meta({ label: 'Credential', widget: 'credential', credentialTypes: httpCredentialTypes, description: 'Adds its header, basic auth or bearer token.' }),
  timeoutMs: z.number().int().min(1).max(120_000).default(10_000).meta({ label: 'Timeout (ms)', widget: 'number' }),
  retries: z
    .number()
    .int()
    .min(0)
    .max(5)
    .default(0)
    .meta({ label: 'Retries', widget: 'number', description: 'Extra attempts on network errors, 429 and 5xx, with backoff.' }),
});
export type HttpRequestParams = z.output<typeof httpRequestParams>;

/**
 * Calls a URL. 2xx and 3xx answers go out on `out` as `{ status, headers, body }`; other statuses
 * and failures (network, timeout, refused address) on `error` as `{ message, status?, body? }`,
 * so a flow can handle them. A missing or wrong credential fails the step: that needs a fix.
 */
export const httpRequestNode = defineNode({
  type: 'http.request',
  version: 1,
  title: 'HTTP request',
  description: 'Calls an external URL and outputs its answer.',
  category: 'http',
  icon: 'globe',
  outputs: ['out', 'error'],
  params: httpRequestParams,
  async execute(ctx) {
    const { method, url, query, body, timeoutMs, retries } = ctx.params;
    const headers = await requestHeaders(ctx);
    let response;
    try {
      response = await ctx.services.http.request({
        method, url, headers, timeoutMs, retries,
        ...(query ? { query } : {}),
        ...(body !== undefined ? { body } : {}),
      });
    } catch (err) {
      ctx.log.warn('HTTP request failed', { method, error: messageOf(err) });
      return next({ message: messageOf(err) }, 'error');
    }
    const { status, headers: responseHeaders, body: responseBody } = response;
    if (status >= 200 && status < 400) return next({ status, headers: responseHeaders, body: responseBody });
    return next({ message: `the server answered with HTTP status ${status}`, status, body: responseBody }, 'error');
  },
});

async function requestHeaders(ctx: NodeContext<HttpRequestParams>): Promise<Record<string, string>> {
  const headers: Record<string, string> = { ...ctx.params.headers };
  if (ctx.params.credential) {
    const [name, value] = await credentialHeader(ctx, ctx.params.credential);
    setHeader(headers, name, value);
  }
  // Lets the receiving API drop a repeat when the runner retries this step; GET and HEAD are
  // safe methods, which receivers never deduplicate.
  if (ctx.params.method !== 'GET' && ctx.params.method !== 'HEAD' && findHeader(headers, 'idempotency-key') === undefined) {
    headers['Idempotency-Key'] = ctx.idempotencyKey;
  }
  return headers;
}

async function credentialHeader(ctx: NodeContext<HttpRequestParams>, id: string): Promise<[string, string]> {
  let credential;
  try {
    credential = await ctx.services.credentials.get(id, httpCredentialTypes);
  } catch (err) {
    throw new ParamError('params.credential', messageOf(err));
  }
  const field = (key: string): string => {
    const value = credential.data[key];
    if (typeof value !== 'string' || value === '') throw new ParamError('params.credential', `the ${credential.type} credential has no ${key}`);
    return value;
  };
  switch (credential.type) {
    case 'http_header':
      return [field('name'), field('value')];
    case 'http_basic':
      return ['Authorization', `Basic ${Buffer.from(`${field('username')}:${field('password')}`).toString('base64')}`];
    default:
      return ['Authorization', `Bearer ${field('token')}`];
  }
}

function findHeader(headers: Record<string, string>, name: string): string | undefined {
  return Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
}

/** Sets a header, replacing one of the same name in another case. */
function setHeader(headers: Record<string, string>, name: string, value: string): void {
  const existing = findHeader(headers, name);
  if (existing !== undefined) delete headers[existing];
  headers[name] = value;
}
