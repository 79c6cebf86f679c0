// Webhook idempotency keys on PostgreSQL: the first delivery claims the key, a retry gets its
// result. A claim racing another on the same key waits for it at the INSERT, then finds its row.
import type { WebhookResponse } from '@tern/shared';
import { fromJsonOrNull } from '../rows/json.js';
import type { IdempotencyRepository } from '../store.js';
import type { PgContext } from './support.js';

export function pgIdempotency({ pool, clock }: PgContext): IdempotencyRepository {
  return {
    async claim(scope, key, executionId) {
      const inserted = await pool.query(
        `INSERT INTO idempotency_keys (scope, key, execution_id, response, created_at) VALUES ($1, $2, $3, NULL, $4)
         ON CONFLICT (scope, key) DO NOTHING`,
        [scope, key, executionId, clock.now().toISOString()],
      );
      if (inserted.rowCount) return null;
      const { rows } = await pool.query<{ execution_id: string; response: string | null }>(
        'SELECT execution_id, response FROM idempotency_keys WHERE scope = $1 AND key = $2',
        [scope, key],
      );
      const existing = rows[0]!;
      return { executionId: existing.execution_id, response: fromJsonOrNull<WebhookResponse>(existing.response) };
    },
    async saveResponse(scope, key, response) {
      await pool.query('UPDATE idempotency_keys SET response = $1 WHERE scope = $2 AND key = $3', [
        JSON.stringify(response), scope, key,
      ]);
    },
    pruneBefore: async (before) => (await pool.query('DELETE FROM idempotency_keys WHERE created_at < $1', [before])).rowCount ?? 0,
  };
}
