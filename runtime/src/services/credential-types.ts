// Credential types: the built-in ones of the contract and those custom node packages declare, in
// one registry that the API, credential validation, "Test credential" and redaction read. Each is
// declarative data (shared's `defineCredentialType`): its fields, which are secret (write-only:
// stored encrypted, never returned by any API), and optionally how to test one.
import {
  type AnyCredentialTypeDefinition,
  type CredentialTypeDescription,
  defineCredentialType,
  describeCredentialType,
} from '@tern/shared';
import { z } from 'zod';

const text = z.string().min(1, 'must not be empty');
const url = z.url('must be a URL');
const basicAuth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
/** A base URL without its trailing slashes, or the service's own. */
const origin = (baseUrl: string | undefined, fallback: string) => (baseUrl ?? fallback).replace(/\/+$/, '');

export const builtinCredentialTypes: AnyCredentialTypeDefinition[] = [
  defineCredentialType({
    type: 'smtp',
    title: 'SMTP (email)',
    fields: z.object({
      host: text,
      port: z.coerce.number().int().min(1).max(65_535),
      secure: z.boolean().default(false),
      user: z.string().default(''),
      password: z.string().default(''),
    }),
    secret: ['password'],
  }),
  defineCredentialType({
    type: 'twilio',
    title: 'Twilio (SMS)',
    // baseUrl: the API's origin (default https://api.twilio.com), to reach a proxy or a test server.
    fields: z.object({ accountSid: text, authToken: text, baseUrl: url.optional() }),
    secret: ['authToken'],
    test: {
      // Reading one's own account needs nothing but valid credentials and sends nothing.
      request: (d) => ({
        method: 'GET',
        url: `${origin(d.baseUrl, 'https://api.twilio.com')}/2010-04-01/Accounts/${encodeURIComponent(d.accountSid)}.json`,
        headers: { authorization: basicAuth(d.accountSid, d.authToken) },
      }),
    },
  }),
  defineCredentialType({
    type: 'hubspot',
    title: 'HubSpot',
    fields: z.object({ token: text, baseUrl: url.optional() }),
    secret: ['token'],
    test: {
      // Lists one contact: the scope the HubSpot node needs, and a read.
      request: (d) => ({
        method: 'GET',
        url: `${origin(d.baseUrl, 'https://api.hubapi.com')}/crm/v3/objects/contacts`,
        query: { limit: 1 },
        headers: { authorization: `Bearer ${d.token}` },
      }),
    },
  }),
  defineCredentialType({
    type: 'http_header',
    title: 'HTTP header',
    fields: z.object({ name: text.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name'), value: text }),
    secret: ['value'],
  }),
  defineCredentialType({
    type: 'http_basic',
    title: 'HTTP basic auth',
    fields: z.object({ username: text, password: z.string() }),
    secret: ['password'],
  }),
  defineCredentialType({
    type: 'http_bearer',
    title: 'HTTP bearer token',
    fields: z.object({ token: text }),
    secret: ['token'],
  }),
];

interface Entry {
  definition: AnyCredentialTypeDefinition;
  /** The custom node package that declared it; absent for built-in types. */
  package?: string;
}

/** The credential types this runtime knows: built-in ones first, then those of loaded packages. */
export class CredentialTypeRegistry {
  private readonly byType = new Map<string, Entry>();

  constructor(builtins: Iterable<AnyCredentialTypeDefinition> = builtinCredentialTypes) {
    for (const definition of builtins) this.add(definition);
  }

  /** Adds a type; refuses a name that is taken, saying by whom. */
  add(definition: AnyCredentialTypeDefinition, pkg?: string): void {
    const taken = this.byType.get(definition.type);
    if (taken) throw new Error(`credential type "${definition.type}" is already declared by ${ownerName(taken.package)}`);
    this.byType.set(definition.type, pkg === undefined ? { definition } : { definition, package: pkg });
  }

  /** Who declared a type, in words (for messages), or null when nobody did. */
  owner(type: string): string | null {
    const entry = this.byType.get(type);
    return entry ? ownerName(entry.package) : null;
  }

  get(type: string): AnyCredentialTypeDefinition | undefined {
    return this.byType.get(type)?.definition;
  }

  names(): string[] {
    return [...this.byType.keys()];
  }

  /** `GET /api/credential-types`: each type with its fields as JSON Schema. */
  describe(): Array<CredentialTypeDescription & { package?: string }> {
    return [...this.byType.values()].map((e) => ({ ...describeCredentialType(e.definition), ...(e.package ? { package: e.package } : {}) }));
  }
}

const ownerName = (pkg: string | undefined) => (pkg === undefined ? "Tern's built-in credential types" : `package "${pkg}"`);
