// User, API key and credential rows as both stores read them.
import type { ApiKeyRecord, CredentialRecord, UserRecord } from '../store.js';

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  role: 'owner';
  created_at: string;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  scope: ApiKeyRecord['scope'];
  prefix: string;
  user_id: string;
  created_at: string;
  last_used_at: string | null;
}

export interface CredentialRow {
  id: string;
  type: string;
  name: string;
  data_encrypted: string;
  created_at: string;
  updated_at: string;
}

/** How stale lastUsedAt may get: recording every request would make each one a write. */
export const LAST_USED_PRECISION_MS = 60_000;

/** Whether a key last used at `lastUsedAt` should record a use at `now`. */
export const lastUseIsStale = (lastUsedAt: string | null, now: Date) =>
  lastUsedAt === null || Date.parse(lastUsedAt) <= now.getTime() - LAST_USED_PRECISION_MS;

/** Sign-in ignores the case of the address and stray spaces around it. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export const toUser = (r: UserRow): UserRecord => ({
  id: r.id, email: r.email, passwordHash: r.password_hash, role: r.role, createdAt: r.created_at,
});

export const toApiKey = (r: ApiKeyRow): ApiKeyRecord => ({
  id: r.id, name: r.name, scope: r.scope, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at,
});

export const toCredential = (r: CredentialRow): CredentialRecord => ({
  id: r.id, type: r.type, name: r.name, createdAt: r.created_at, updatedAt: r.updated_at,
});
