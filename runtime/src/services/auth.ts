// Owner account, sessions and API keys. Session tokens and keys are stored only as hashes.
import { randomUUID } from 'node:crypto';
import type { ApiKeyRecord } from '../db/store.js';
import type { Runtime } from '../runtime.js';
import { hashPassword, hashSecret, randomToken, verifyPassword } from '../security/crypto.js';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const MIN_PASSWORD_LENGTH = 8;

export type KeyScope = ApiKeyRecord['scope'];

/** Who a request acts for, and how it proved it. */
export interface Principal {
  userId: string;
  via: 'session' | 'key';
  scope: KeyScope;
  keyId?: string;
}

export interface Session {
  token: string;
  expiresAt: Date;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

async function createSession(runtime: Runtime, userId: string): Promise<Session> {
  const token = randomToken();
  const expiresAt = new Date(runtime.clock.now().getTime() + SESSION_TTL_MS);
  await runtime.store.auth.createSession(hashSecret(token), userId, expiresAt.toISOString());
  return { token, expiresAt };
}

export async function createApiKey(
  runtime: Runtime,
  userId: string,
  name: string,
  scope: KeyScope,
): Promise<{ record: ApiKeyRecord; key: string }> {
  const key = `tern_${randomToken()}`;
  const record: ApiKeyRecord = {
    id: randomUUID(),
    name,
    scope,
    prefix: key.slice(0, 12),
    createdAt: runtime.clock.now().toISOString(),
    lastUsedAt: null,
  };
  await runtime.store.auth.createApiKey(record, hashSecret(key), userId);
  return { record, key };
}

/** Creates the owner with a first API key and a session; null when an owner exists already. */
export async function setupOwner(
  runtime: Runtime,
  email: string,
  password: string,
): Promise<{ apiKey: string; session: Session } | null> {
  if (await runtime.store.auth.hasOwner()) return null;
  const owner = await runtime.store.auth.createOwner(normalizeEmail(email), await hashPassword(password));
  if (!owner) return null;
  const { key } = await createApiKey(runtime, owner.id, 'Created at setup', 'full');
  return { apiKey: key, session: await createSession(runtime, owner.id) };
}

/** `TERN_OWNER_EMAIL` + `TERN_OWNER_PASSWORD` create the owner at start (unattended installs). */
export async function ensureOwnerFromConfig(runtime: Runtime): Promise<'created' | 'exists' | 'not_configured'> {
  const { ownerEmail, ownerPassword } = runtime.config;
  if (!ownerEmail || !ownerPassword) return 'not_configured';
  if (await runtime.store.auth.hasOwner()) return 'exists';
  if (ownerPassword.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`TERN_OWNER_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  }
  const owner = await runtime.store.auth.createOwner(normalizeEmail(ownerEmail), await hashPassword(ownerPassword));
  if (!owner) return 'exists';
  runtime.log.info({ email: owner.email }, 'created the owner account from TERN_OWNER_EMAIL');
  return 'created';
}

let dummyHash: Promise<string> | undefined;

/** A session for the right email and password, else null (the same work either way). */
export async function login(runtime: Runtime, email: string, password: string): Promise<Session | null> {
  const user = await runtime.store.auth.findUserByEmail(normalizeEmail(email));
  // Verify against a throwaway hash for unknown emails, so timing does not tell which exist.
  dummyHash ??= hashPassword(randomToken());
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
  return user && ok ? createSession(runtime, user.id) : null;
}

export async function logout(runtime: Runtime, token: string): Promise<void> {
  await runtime.store.auth.deleteSession(hashSecret(token));
}

export async function principalFromSession(runtime: Runtime, token: string): Promise<Principal | null> {
  const session = await runtime.store.auth.findSession(hashSecret(token), runtime.clock.now().toISOString());
  return session ? { userId: session.userId, via: 'session', scope: 'full' } : null;
}

export async function principalFromKey(runtime: Runtime, key: string): Promise<Principal | null> {
  const record = await runtime.store.auth.findApiKey(hashSecret(key));
  return record ? { userId: record.userId, via: 'key', scope: record.scope, keyId: record.id } : null;
}
