// The owner account, sessions and API keys on PostgreSQL. Only hashes of tokens and keys are stored.
import { newId } from '../ids.js';
import { type ApiKeyRow, lastUseIsStale, normalizeEmail, toApiKey, toUser, type UserRow } from '../rows/accounts.js';
import type { AuthRepository, UserRecord } from '../store.js';
import { lockFor, type PgContext, transaction } from './support.js';

export function pgAuth({ pool, clock }: PgContext): AuthRepository {
  const findUser = async (column: 'email' | 'id', value: string) => {
    const { rows } = await pool.query<UserRow>(`SELECT * FROM users WHERE ${column} = $1`, [value]);
    return rows[0] ? toUser(rows[0]) : null;
  };
  return {
    hasOwner: async () => (await pool.query("SELECT 1 FROM users WHERE role = 'owner' LIMIT 1")).rowCount! > 0,
    // Two first-run setups at once: the lock makes the second see the first's owner.
    createOwner: (email, passwordHash) => transaction(pool, async (client) => {
      await lockFor(client, 'owner');
      if ((await client.query("SELECT 1 FROM users WHERE role = 'owner' LIMIT 1")).rowCount! > 0) return null;
      const user: UserRecord = {
        id: newId(), email: normalizeEmail(email), passwordHash, role: 'owner', createdAt: clock.now().toISOString(),
      };
      await client.query("INSERT INTO users (id, email, password_hash, role, created_at) VALUES ($1, $2, $3, 'owner', $4)", [
        user.id, user.email, user.passwordHash, user.createdAt,
      ]);
      return user;
    }),
    findUserByEmail: (email) => findUser('email', normalizeEmail(email)),
    findUserById: (id) => findUser('id', id),
    async createSession(tokenHash, userId, expiresAt) {
      await pool.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [tokenHash, userId, expiresAt]);
    },
    async findSession(tokenHash, now) {
      const { rows } = await pool.query<{ user_id: string }>(
        'SELECT user_id FROM sessions WHERE token_hash = $1 AND expires_at > $2', [tokenHash, now],
      );
      return rows[0] ? { userId: rows[0].user_id } : null;
    },
    async deleteSession(tokenHash) {
      await pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },
    async createApiKey(record, keyHash, userId) {
      await pool.query(
        `INSERT INTO api_keys (id, name, scope, prefix, key_hash, user_id, created_at, last_used_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [record.id, record.name, record.scope, record.prefix, keyHash, userId, record.createdAt, record.lastUsedAt],
      );
    },
    /** Also records the use (to the minute), so the key list can show when a key was last used. */
    async findApiKey(keyHash) {
      const { rows } = await pool.query<ApiKeyRow>('SELECT * FROM api_keys WHERE key_hash = $1', [keyHash]);
      const row = rows[0];
      if (!row) return null;
      const now = clock.now();
      if (lastUseIsStale(row.last_used_at, now)) {
        row.last_used_at = now.toISOString();
        await pool.query('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [row.last_used_at, row.id]);
      }
      return { ...toApiKey(row), userId: row.user_id };
    },
    async listApiKeys() {
      const { rows } = await pool.query<ApiKeyRow>('SELECT * FROM api_keys ORDER BY created_at DESC, id DESC');
      return rows.map(toApiKey);
    },
    deleteApiKey: async (id) => ((await pool.query('DELETE FROM api_keys WHERE id = $1', [id])).rowCount ?? 0) > 0,
  };
}
