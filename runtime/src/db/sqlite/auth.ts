// The owner account, sessions and API keys on SQLite. Only hashes of tokens and keys are stored.
import { newId } from '../ids.js';
import { type ApiKeyRow, lastUseIsStale, normalizeEmail, toApiKey, toUser, type UserRow } from '../rows/accounts.js';
import type { ApiKeyRecord, AuthRepository, UserRecord } from '../store.js';
import type { SqliteContext } from './support.js';

export function sqliteAuth({ db, write, clock }: SqliteContext): AuthRepository {
  const ownerExists = db.prepare<[], number>("SELECT count(*) FROM users WHERE role = 'owner'").pluck();
  const insertUser = db.prepare(
    "INSERT INTO users (id, email, password_hash, role, created_at) VALUES (?, ?, ?, 'owner', ?)",
  );
  const selectUserByEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?');
  const selectUserById = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const insertSession = db.prepare('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)');
  const selectSession = db.prepare<[string, string], { user_id: string }>(
    'SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > ?',
  );
  const deleteSession = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const insertApiKey = db.prepare(
    `INSERT INTO api_keys (id, name, scope, prefix, key_hash, user_id, created_at, last_used_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const selectApiKey = db.prepare<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE key_hash = ?');
  const touchApiKey = db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?');
  const selectApiKeys = db.prepare<[], ApiKeyRow>('SELECT * FROM api_keys ORDER BY created_at DESC, id DESC');
  const deleteApiKey = db.prepare('DELETE FROM api_keys WHERE id = ?');

  const touch = write((at: string, id: string) => touchApiKey.run(at, id));

  const createOwner = write((email: string, passwordHash: string): UserRecord | null => {
    if (ownerExists.get()! > 0) return null;
    const user: UserRecord = {
      id: newId(), email: normalizeEmail(email), passwordHash, role: 'owner', createdAt: clock.now().toISOString(),
    };
    insertUser.run(user.id, user.email, user.passwordHash, user.createdAt);
    return user;
  });

  return {
    hasOwner: async () => ownerExists.get()! > 0,
    createOwner,
    async findUserByEmail(email) {
      const row = selectUserByEmail.get(normalizeEmail(email));
      return row ? toUser(row) : null;
    },
    async findUserById(id) {
      const row = selectUserById.get(id);
      return row ? toUser(row) : null;
    },
    createSession: write((tokenHash: string, userId: string, expiresAt: string) => {
      insertSession.run(tokenHash, userId, expiresAt);
    }),
    async findSession(tokenHash, now) {
      const row = selectSession.get(tokenHash, now);
      return row ? { userId: row.user_id } : null;
    },
    deleteSession: write((tokenHash: string) => {
      deleteSession.run(tokenHash);
    }),
    createApiKey: write((record: ApiKeyRecord, keyHash: string, userId: string) => {
      insertApiKey.run(record.id, record.name, record.scope, record.prefix, keyHash, userId, record.createdAt, record.lastUsedAt);
    }),
    /** Also records the use (to the minute), so the key list can show when a key was last used. */
    async findApiKey(keyHash) {
      const row = selectApiKey.get(keyHash);
      if (!row) return null;
      const now = clock.now();
      if (lastUseIsStale(row.last_used_at, now)) {
        row.last_used_at = now.toISOString();
        await touch(row.last_used_at, row.id);
      }
      return { ...toApiKey(row), userId: row.user_id };
    },
    listApiKeys: async () => selectApiKeys.all().map(toApiKey),
    deleteApiKey: write((id: string) => deleteApiKey.run(id).changes > 0),
  };
}
