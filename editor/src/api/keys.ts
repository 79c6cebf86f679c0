// Typed calls for /api/keys: the API keys scripts and websites use instead of the session cookie.
import { del, get, post } from './client.js';
import type { ApiKey, Page } from './types.js';

export type KeyScope = ApiKey['scope'];

/** A key just created: the record plus the secret itself, answered this once and never again. */
export type NewApiKey = ApiKey & { key: string };

/** Every key, the newest first (never the secrets; `prefix` helps to recognise one). */
export const listKeys = () => get<Page<ApiKey>>('/api/keys');

/** `full` keys may do anything the owner may; `ingest` keys may only send events. */
export const createKey = (input: { name: string; scope: KeyScope }) => post<NewApiKey>('/api/keys', input);

/** Revokes the key: requests with it are refused from now on. */
export const deleteKey = (id: string) => del(`/api/keys/${encodeURIComponent(id)}`);
