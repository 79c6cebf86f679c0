// The suppression list on PostgreSQL: one entry per address, newest first.
import { type SuppressionRow, toSuppression } from '../rows/messages.js';
import type { SuppressionRecord, SuppressionRepository } from '../store.js';
import { keysetPage, type PgContext } from './support.js';

const WHERE = '($1::text IS NULL OR channel = $1) AND ($2::text IS NULL OR reason = $2)';

export function pgSuppressions({ pool }: PgContext): SuppressionRepository {
  return {
    async get(address) {
      const { rows } = await pool.query<SuppressionRow>('SELECT * FROM suppressions WHERE address = $1', [address]);
      return rows[0] ? toSuppression(rows[0]) : null;
    },
    async put(r) {
      await pool.query(
        `INSERT INTO suppressions (address, channel, reason, source, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (address) DO UPDATE SET channel = excluded.channel, reason = excluded.reason, source = excluded.source,
           created_at = excluded.created_at`,
        [r.address, r.channel, r.reason, r.source, r.createdAt],
      );
    },
    async delete(address, reason) {
      const result = reason === undefined
        ? await pool.query('DELETE FROM suppressions WHERE address = $1', [address])
        : await pool.query('DELETE FROM suppressions WHERE address = $1 AND reason = $2', [address, reason]);
      return (result.rowCount ?? 0) > 0;
    },
    list: (filter, page) => keysetPage<SuppressionRow, SuppressionRecord>(pool, {
      from: 'suppressions', where: WHERE, params: [filter.channel ?? null, filter.reason ?? null], sort: 'created_at', id: 'address',
    }, page, toSuppression),
  };
}
