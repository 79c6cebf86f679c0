// Credentials on SQLite. The data arrives encrypted (security/crypto.ts) and leaves encrypted;
// this layer never sees a secret.
import { type CursorKey, clampLimit, toPage } from '../pagination.js';
import { type CredentialRow, toCredential } from '../rows/accounts.js';
import type { CredentialRecord, CredentialRepository } from '../store.js';
import { pageBounds, readTx, type SqliteContext } from './support.js';

export function sqliteCredentials({ db, write }: SqliteContext): CredentialRepository {
  const insert = db.prepare(
    'INSERT INTO credentials (id, type, name, data_encrypted, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const update = db.prepare(
    `UPDATE credentials SET name = coalesce(?, name), data_encrypted = coalesce(?, data_encrypted), updated_at = ?
     WHERE id = ?`,
  );
  const select = db.prepare<[string], CredentialRow>('SELECT * FROM credentials WHERE id = ?');
  const selectPage = db.prepare<[CursorKey & { limit: number }], CredentialRow>(
    `SELECT * FROM credentials WHERE created_at <= @sortKey AND (created_at < @sortKey OR id < @id)
     ORDER BY created_at DESC, id DESC LIMIT @limit`,
  );
  const count = db.prepare<[], number>('SELECT count(*) FROM credentials').pluck();
  const remove = db.prepare('DELETE FROM credentials WHERE id = ?');
  const sample = db.prepare<[], string>('SELECT data_encrypted FROM credentials LIMIT 1').pluck();

  const list = readTx(db, (limit: number, cursor: string | undefined) => {
    const rows = selectPage.all({ ...pageBounds(cursor), limit: limit + 1 });
    return toPage(rows, limit, count.get()!, toCredential, (r) => ({ sortKey: r.created_at, id: r.id }));
  });

  return {
    create: write((record: CredentialRecord, encryptedData: string) => {
      insert.run(record.id, record.type, record.name, encryptedData, record.createdAt, record.updatedAt);
    }),
    update: write((id: string, fields: { name?: string; encryptedData?: string; updatedAt: string }) =>
      update.run(fields.name ?? null, fields.encryptedData ?? null, fields.updatedAt, id).changes > 0),
    async get(id) {
      const row = select.get(id);
      return row ? { ...toCredential(row), encryptedData: row.data_encrypted } : null;
    },
    list: async (page) => list(clampLimit(page.limit), page.cursor),
    delete: write((id: string) => remove.run(id).changes > 0),
    count: async () => count.get()!,
    sample: async () => sample.get() ?? null,
  };
}
