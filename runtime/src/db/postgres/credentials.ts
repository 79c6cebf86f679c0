// Credentials on PostgreSQL. The data arrives encrypted (security/crypto.ts) and leaves
// encrypted; this layer never sees a secret.
import { clampLimit, pageBounds, toPage } from '../pagination.js';
import { type CredentialRow, toCredential } from '../rows/accounts.js';
import type { CredentialRepository } from '../store.js';
import { type PgContext, readTransaction } from './support.js';

export function pgCredentials({ pool }: PgContext): CredentialRepository {
  const count = async () => (await pool.query<{ count: number }>('SELECT count(*) FROM credentials')).rows[0]!.count;
  return {
    async create(record, encryptedData) {
      await pool.query(
        'INSERT INTO credentials (id, type, name, data_encrypted, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [record.id, record.type, record.name, encryptedData, record.createdAt, record.updatedAt],
      );
    },
    async update(id, fields) {
      const result = await pool.query(
        `UPDATE credentials SET name = coalesce($1, name), data_encrypted = coalesce($2, data_encrypted), updated_at = $3
         WHERE id = $4`,
        [fields.name ?? null, fields.encryptedData ?? null, fields.updatedAt, id],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async get(id) {
      const { rows } = await pool.query<CredentialRow>('SELECT * FROM credentials WHERE id = $1', [id]);
      return rows[0] ? { ...toCredential(rows[0]), encryptedData: rows[0].data_encrypted } : null;
    },
    list: (page) => readTransaction(pool, async (client) => {
      const limit = clampLimit(page.limit);
      const { sortKey, id } = pageBounds(page.cursor);
      const { rows } = await client.query<CredentialRow>(
        `SELECT * FROM credentials WHERE created_at <= $1 AND (created_at < $1 OR id < $2)
         ORDER BY created_at DESC, id DESC LIMIT $3`,
        [sortKey, id, limit + 1],
      );
      const total = (await client.query<{ count: number }>('SELECT count(*) FROM credentials')).rows[0]!.count;
      return toPage(rows, limit, total, toCredential, (r) => ({ sortKey: r.created_at, id: r.id }));
    }),
    delete: async (id) => ((await pool.query('DELETE FROM credentials WHERE id = $1', [id])).rowCount ?? 0) > 0,
    count,
    async sample() {
      const { rows } = await pool.query<{ data_encrypted: string }>('SELECT data_encrypted FROM credentials LIMIT 1');
      return rows[0]?.data_encrypted ?? null;
    },
  };
}
