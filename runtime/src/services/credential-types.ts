// The built-in credential types of the contract: the shape of their data and which fields are
// secret (write-only: stored encrypted, never returned by any API).
import { z } from 'zod';

export interface CredentialType {
  schema: z.ZodObject;
  secret: readonly string[];
}

const text = z.string().min(1, 'must not be empty');
const url = z.url('must be a URL');

export const credentialTypes: Record<string, CredentialType> = {
  smtp: {
    schema: z.object({
      host: text,
      port: z.coerce.number().int().min(1).max(65_535),
      secure: z.boolean().default(false),
      user: z.string().default(''),
      password: z.string().default(''),
    }),
    secret: ['password'],
  },
  twilio: {
    schema: z.object({ accountSid: text, authToken: text, baseUrl: url.optional() }),
    secret: ['authToken'],
  },
  hubspot: {
    schema: z.object({ token: text, baseUrl: url.optional() }),
    secret: ['token'],
  },
  http_header: {
    schema: z.object({ name: text.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name'), value: text }),
    secret: ['value'],
  },
  http_basic: {
    schema: z.object({ username: text, password: z.string() }),
    secret: ['password'],
  },
  http_bearer: {
    schema: z.object({ token: text }),
    secret: ['token'],
  },
};

export const credentialTypeNames = Object.keys(credentialTypes);

export function credentialType(type: string): CredentialType | undefined {
  return Object.hasOwn(credentialTypes, type) ? credentialTypes[type] : undefined;
}
