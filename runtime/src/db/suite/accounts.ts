// Store suite: webhook idempotency keys, the owner account with sessions and API keys, credentials.
import { describe, expect, test } from 'vitest';
import type { ApiKeyRecord, CredentialRecord } from '../store.js';
import type { SuiteContext } from '../store-suite.js';
import { collectPages } from './fixtures.js';

const PAST = '2000-01-01T00:00:00.000Z';
const FUTURE = '2999-01-01T00:00:00.000Z';

export function describeIdempotency(ctx: SuiteContext): void {
  describe('idempotency', () => {
    test('the first delivery claims the key; a retry gets its execution and, once saved, its response', async () => {
      expect(await ctx.store.idempotency.claim('wf-1', 'delivery-7', 'exec-1')).toBeNull();
      expect(await ctx.store.idempotency.claim('wf-1', 'delivery-7', 'exec-2')).toEqual({ executionId: 'exec-1', response: null });

      const response = { status: 200, headers: { 'content-type': 'application/json' }, body: { welcome: true } };
      await ctx.store.idempotency.saveResponse('wf-1', 'delivery-7', response);
      expect(await ctx.store.idempotency.claim('wf-1', 'delivery-7', 'exec-3')).toEqual({ executionId: 'exec-1', response });
    });

    test('the same key in another scope is another key', async () => {
      await ctx.store.idempotency.claim('wf-1', 'k', 'exec-1');
      expect(await ctx.store.idempotency.claim('wf-2', 'k', 'exec-2')).toBeNull();
    });

    test('pruneBefore forgets keys claimed before the cutoff', async () => {
      await ctx.store.idempotency.claim('wf-1', 'k', 'exec-1');
      expect(await ctx.store.idempotency.pruneBefore(PAST)).toBe(0);
      expect(await ctx.store.idempotency.claim('wf-1', 'k', 'exec-2')).toMatchObject({ executionId: 'exec-1' });
      expect(await ctx.store.idempotency.pruneBefore(FUTURE)).toBe(1);
      expect(await ctx.store.idempotency.claim('wf-1', 'k', 'exec-3')).toBeNull();
    });
  });
}

function apiKey(id: string, createdAt: string): ApiKeyRecord {
  return { id, name: `key ${id}`, scope: 'ingest', prefix: `tern_${id}`, createdAt, lastUsedAt: null };
}

export function describeAuth(ctx: SuiteContext): void {
  describe('auth', () => {
    test('there is one owner: a second createOwner changes nothing', async () => {
      expect(await ctx.store.auth.hasOwner()).toBe(false);
      const owner = await ctx.store.auth.createOwner('owner@example.com', 'scrypt$hash');
      expect(owner).toMatchObject({ email: 'owner@example.com', passwordHash: 'scrypt$hash', role: 'owner' });
      expect(await ctx.store.auth.hasOwner()).toBe(true);
      expect(await ctx.store.auth.createOwner('intruder@example.com', 'x')).toBeNull();
      expect(await ctx.store.auth.findUserByEmail('intruder@example.com')).toBeNull();
    });

    test('findUserByEmail ignores the case of the address', async () => {
      const owner = await ctx.store.auth.createOwner('Ada.Lovelace@Example.com', 'h');
      expect(await ctx.store.auth.findUserByEmail('ada.lovelace@example.COM')).toEqual(owner);
    });

    test('findUserById finds the owner by id, and nobody for an unknown id', async () => {
      const owner = (await ctx.store.auth.createOwner('owner@example.com', 'h'))!;
      expect(await ctx.store.auth.findUserById(owner.id)).toEqual(owner);
      expect(await ctx.store.auth.findUserById('nobody')).toBeNull();
    });

    test('a session is found until it expires, and not after it is deleted', async () => {
      const owner = (await ctx.store.auth.createOwner('owner@example.com', 'h'))!;
      await ctx.store.auth.createSession('hash-1', owner.id, '2026-02-01T00:00:00.000Z');
      expect(await ctx.store.auth.findSession('hash-1', '2026-01-31T23:59:59.000Z')).toEqual({ userId: owner.id });
      expect(await ctx.store.auth.findSession('hash-1', '2026-02-01T00:00:00.000Z')).toBeNull();
      expect(await ctx.store.auth.findSession('other', '2026-01-01T00:00:00.000Z')).toBeNull();
      await ctx.store.auth.deleteSession('hash-1');
      expect(await ctx.store.auth.findSession('hash-1', '2026-01-01T00:00:00.000Z')).toBeNull();
    });

    test('API keys: found by hash with their user, listed newest first, deleted', async () => {
      const owner = (await ctx.store.auth.createOwner('owner@example.com', 'h'))!;
      const older = apiKey('k1', '2026-01-01T00:00:00.000Z');
      const newer = apiKey('k2', '2026-01-02T00:00:00.000Z');
      await ctx.store.auth.createApiKey(older, 'sha-1', owner.id);
      await ctx.store.auth.createApiKey(newer, 'sha-2', owner.id);

      const found = await ctx.store.auth.findApiKey('sha-1');
      expect(found).toMatchObject({ ...older, userId: owner.id, lastUsedAt: expect.any(String) });
      expect(await ctx.store.auth.findApiKey('unknown')).toBeNull();
      const listed = await ctx.store.auth.listApiKeys();
      expect(listed.map((k) => k.id)).toEqual(['k2', 'k1']);
      expect(listed[1]?.lastUsedAt).toBe(found?.lastUsedAt);
      expect(listed[0]).toEqual(newer);

      expect(await ctx.store.auth.deleteApiKey('k1')).toBe(true);
      expect(await ctx.store.auth.deleteApiKey('k1')).toBe(false);
      expect(await ctx.store.auth.findApiKey('sha-1')).toBeNull();
    });
  });
}

function credential(id: string, createdAt: string): CredentialRecord {
  return { id, type: 'smtp', name: `Mail ${id}`, createdAt, updatedAt: createdAt };
}

export function describeCredentials(ctx: SuiteContext): void {
  describe('credentials', () => {
    test('create, read with the encrypted data, update name and data separately, delete', async () => {
      const record = credential('c1', '2026-01-01T00:00:00.000Z');
      await ctx.store.credentials.create(record, 'v1:iv:tag:first');
      expect(await ctx.store.credentials.get('c1')).toEqual({ ...record, encryptedData: 'v1:iv:tag:first' });

      expect(await ctx.store.credentials.update('c1', { name: 'Renamed', updatedAt: '2026-01-02T00:00:00.000Z' })).toBe(true);
      expect(await ctx.store.credentials.get('c1')).toEqual({
        ...record, name: 'Renamed', updatedAt: '2026-01-02T00:00:00.000Z', encryptedData: 'v1:iv:tag:first',
      });
      await ctx.store.credentials.update('c1', { encryptedData: 'v1:iv:tag:second', updatedAt: '2026-01-03T00:00:00.000Z' });
      expect(await ctx.store.credentials.get('c1')).toMatchObject({ name: 'Renamed', encryptedData: 'v1:iv:tag:second' });
      expect(await ctx.store.credentials.update('nope', { name: 'x', updatedAt: FUTURE })).toBe(false);

      expect(await ctx.store.credentials.delete('c1')).toBe(true);
      expect(await ctx.store.credentials.get('c1')).toBeNull();
      expect(await ctx.store.credentials.delete('c1')).toBe(false);
    });

    test('list pages newest first without the data; count and sample', async () => {
      expect(await ctx.store.credentials.sample()).toBeNull();
      expect(await ctx.store.credentials.count()).toBe(0);
      for (const day of [1, 3, 2]) await ctx.store.credentials.create(credential(`c${day}`, `2026-01-0${day}T00:00:00.000Z`), `secret-${day}`);

      const pages = await collectPages((cursor) => ctx.store.credentials.list({ limit: 2, cursor }));
      expect(pages.flat()).toEqual([
        credential('c3', '2026-01-03T00:00:00.000Z'), credential('c2', '2026-01-02T00:00:00.000Z'), credential('c1', '2026-01-01T00:00:00.000Z'),
      ]);
      expect((await ctx.store.credentials.list({ limit: 2 })).total).toBe(3);
      expect(await ctx.store.credentials.count()).toBe(3);
      expect(['secret-1', 'secret-2', 'secret-3']).toContain(await ctx.store.credentials.sample());
    });
  });
}
