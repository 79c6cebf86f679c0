// The suppression list on SQLite: one entry per address, newest first.
import { type CursorKey, clampLimit, toPage } from '../pagination.js';
import { type SuppressionRow, toSuppression } from '../rows/messages.js';
import type { SuppressionReason, SuppressionRecord, SuppressionRepository } from '../store.js';
import { pageBounds, readTx, type SqliteContext } from './support.js';

export function sqliteSuppressions({ db, write }: SqliteContext): SuppressionRepository {
  const select = db.prepare<[string], SuppressionRow>('SELECT * FROM suppressions WHERE address = ?');
  const upsert = db.prepare(
    `INSERT INTO suppressions (address, channel, reason, source, created_at) VALUES (@address, @channel, @reason, @source, @createdAt)
     ON CONFLICT (address) DO UPDATE SET channel = excluded.channel, reason = excluded.reason, source = excluded.source,
       created_at = excluded.created_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM suppressions WHERE address = ?');
  const removeFor = db.prepare<[string, string]>('DELETE FROM suppressions WHERE address = ? AND reason = ?');
  const where = `(@channel IS NULL OR channel = @channel) AND (@reason IS NULL OR reason = @reason)`;
  const page = db.prepare<[CursorKey & { channel: string | null; reason: string | null; limit: number }], SuppressionRow>(
    `SELECT * FROM suppressions WHERE ${where} AND created_at <= @sortKey AND (created_at < @sortKey OR address < @id)
     ORDER BY created_at DESC, address DESC LIMIT @limit`,
  );
  const count = db.prepare<[{ channel: string | null; reason: string | null }], number>(`SELECT count(*) FROM suppressions WHERE ${where}`).pluck();

  const list = readTx(db, (channel: string | null, reason: string | null, limit: number, cursor: string | undefined) => {
    const rows = page.all({ channel, reason, ...pageBounds(cursor), limit: limit + 1 });
    return toPage(rows, limit, count.get({ channel, reason })!, toSuppression, (r) => ({ sortKey: r.created_at, id: r.address }));
  });

  return {
    async get(address) {
      const row = select.get(address);
      return row ? toSuppression(row) : null;
    },
    put: write((record: SuppressionRecord) => {
      upsert.run(record);
    }),
    delete: write((address: string, reason?: SuppressionReason) =>
      (reason === undefined ? remove.run(address) : removeFor.run(address, reason)).changes > 0),
    list: async (filter, p) => list(filter.channel ?? null, filter.reason ?? null, clampLimit(p.limit), p.cursor),
  };
}
