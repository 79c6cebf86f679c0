// Typed calls for /api/credentials and /api/credential-types. Secret fields are write-only: the
// server answers only the names of the secrets that are set, never their values.
import { del, get, post, put } from './client.js';
import type { Page } from './types.js';

/** A credential as the API shows it. */
export interface CredentialView {
  id: string;
  type: string;
  name: string;
  /** The non-secret fields of its data. */
  fields: Record<string, unknown>;
  /** The names of the secret fields that hold a value. */
  secrets: string[];
  createdAt: string;
  updatedAt: string;
}

/** The JSON Schema (draft 2020-12, as zod writes it) of one field of a credential's data. */
export interface CredentialFieldSchema {
  type?: string;
  title?: string;
  description?: string;
  format?: string;
  default?: unknown;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  enum?: unknown[];
}

/** A credential type: the schema of its data and which fields are secret. */
export interface CredentialTypeInfo {
  type: string;
  /** A readable name, e.g. "Slack incoming webhook"; set by the type's declaration. */
  title?: string;
  /** Whether the type declares a test request ("Test credential"). */
  testable?: boolean;
  fields: { type?: 'object'; properties?: Record<string, CredentialFieldSchema>; required?: string[] };
  secret: string[];
}

export interface CredentialInput {
  type: string;
  name: string;
  data: Record<string, unknown>;
}

const path = (id: string) => `/api/credentials/${encodeURIComponent(id)}`;

/** One page of credentials, the newest first. */
export const listCredentials = (limit = 1000) => get<Page<CredentialView>>(`/api/credentials?limit=${limit}`);

export const getCredential = (id: string) => get<CredentialView>(path(id));

/** 400 `invalid_request` with `details: [{ field: 'data.host', message }]` when data does not fit the type. */
export const createCredential = (input: CredentialInput) => post<CredentialView>('/api/credentials', input);

/** PUT semantics: `name` and the non-secret fields of `data` are replaced; a secret field left out of
 *  `data` keeps its stored value. The type cannot change. */
export const updateCredential = (id: string, input: { name?: string; data?: Record<string, unknown> }) =>
  put<CredentialView>(path(id), input);

export const deleteCredential = (id: string) => del(path(id));

let types: Promise<CredentialTypeInfo[]> | null = null;

/** The credential types (the server's built-in list; fetched once and kept, retried after a failure). */
export function listCredentialTypes(): Promise<CredentialTypeInfo[]> {
  types ??= get<{ items: CredentialTypeInfo[] }>('/api/credential-types').then(
    (page) => page.items,
    (err: unknown) => {
      types = null;
      throw err;
    },
  );
  return types;
}

/** For tests: forget the fetched types. */
export const resetCredentialTypesCache = () => {
  types = null;
};

/** What "Test credential" answers: the remote's status, summarised without secrets. */
export interface CredentialTestResult {
  ok: boolean;
  status: number | null;
  message: string;
}

/** Tests unsaved data, or a saved credential with an optional unsaved edit (secrets left out are kept). */
export const testCredential = (input: { id?: string; type: string; data: Record<string, unknown> }) =>
  input.id
    ? post<CredentialTestResult>(`${path(input.id)}/test`, { data: input.data })
    : post<CredentialTestResult>('/api/credentials/test', { type: input.type, data: input.data });
