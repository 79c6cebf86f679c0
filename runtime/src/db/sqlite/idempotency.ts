// Webhook idempotency keys on SQLite: the first delivery claims the key, a retry gets its result.
import type { WebhookResponse } from '@tern/shared';
import type { IdempotencyRepository } from '../store.js';
import { fromJsonOrNull, type SqliteContext } from './support.js';

export function sqliteIdempotency({ db, write, clock }: SqliteContext): IdempotencyRepository {
  const insert = db.prepare(
    `INSERT INTO idempotency_keys (scope, key, execution_id, response, created_at) VALUES (?, ?, ?, NULL, ?)
     ON CONFLICT (scope, key) DO NOTHING`,
  );
  const select = db.prepare<[string, string], { execution_id: string; response: string | null }>(
    'SELECT execution_id, response FROM idempotency_keys WHERE scope = ? AND key = ?',
  );
  const setResponse = db.prepare('UPDATE idempotency_keys SET response = ? WHERE scope = ? AND key = ?');
  const prune = db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?');

  const claim = write((scope: string, key: string, executionId: string) => {
    if (insert.run(scope, key, executionId, clock.now().toISOString()).changes > 0) return null;
    const existing = select.get(scope, key)!;
    return { executionId: existing.execution_id, response: fromJsonOrNull<WebhookResponse>(existing.response) };
  });

  return {
    claim,
    saveResponse: write((scope: string, key: string, response: WebhookResponse) => {
      setResponse.run(JSON.stringify(response), scope, key);
    }),
    pruneBefore: write((before: string) => prune.run(before).changes),
  };
}
