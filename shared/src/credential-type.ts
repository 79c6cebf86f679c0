// Credential types as data: the fields a credential of a type holds, which of them are secret, and
// how to check one against the service it is for. Tern's built-in types and those of custom node
// packages are declared alike; the API, the editor's forms and validation are built from them.
import { z } from 'zod';
import type { HttpRequestOptions } from './node-contract.js';

/** The request that checks a credential: sent through the SSRF-guarded client, never retried. */
export type CredentialTestRequest = Pick<HttpRequestOptions, 'method' | 'url' | 'headers' | 'query' | 'body' | 'timeoutMs'>;

export interface CredentialTest<D> {
  /** Builds the request from the credential's data (parsed by `fields`, defaults applied). */
  request(data: D): CredentialTestRequest;
  /** The status (or statuses) that mean the credential works; default: any 2xx. */
  expect?: number | readonly number[];
}

export interface CredentialTypeDefinition<S extends z.ZodObject = z.ZodObject> {
  /** Lower case, digits and underscores, unique across Tern and every package: `slack_webhook`. */
  type: string;
  /** What the editor calls it: `Slack incoming webhook`. */
  title: string;
  description?: string;
  /** The data of a credential; `.meta({ title, description })` on a field labels it in the form. */
  fields: S;
  /** Fields that are write-only: stored encrypted, never returned by any API, redacted from records. */
  secret: readonly (keyof z.output<S> & string)[];
  /** How "Test credential" checks one (`POST /api/credentials/:id/test`). */
  test?: CredentialTest<z.output<S>>;
}

export type AnyCredentialTypeDefinition = CredentialTypeDefinition<any>;

/** Declares a credential type; the identity function that types `secret` and `test` from `fields`. */
export function defineCredentialType<S extends z.ZodObject>(definition: CredentialTypeDefinition<S>): CredentialTypeDefinition<S> {
  return definition;
}

/** Type names: `smtp`, `http_bearer`, `slack_webhook`. */
export const credentialTypeName = /^[a-z][a-z0-9_]{0,63}$/;

/** The entry of `GET /api/credential-types`: fields as JSON Schema, the secret ones named. */
export interface CredentialTypeDescription {
  type: string;
  title: string;
  description?: string;
  fields: unknown;
  secret: string[];
  /** Whether "Test credential" can check a credential of this type. */
  testable: boolean;
}

export function describeCredentialType(d: AnyCredentialTypeDefinition): CredentialTypeDescription {
  return {
    type: d.type,
    title: d.title,
    ...(d.description ? { description: d.description } : {}),
    fields: z.toJSONSchema(d.fields, { io: 'input' }),
    secret: [...d.secret],
    testable: d.test !== undefined,
  };
}

/** Whether a status answers a test as expected (`expect` as declared; default any 2xx). */
export function testPassed(test: Pick<CredentialTest<unknown>, 'expect'>, status: number): boolean {
  if (test.expect === undefined) return status >= 200 && status < 300;
  return typeof test.expect === 'number' ? status === test.expect : test.expect.includes(status);
}
