// Whether this process runs in queue mode: REDIS_URL set. Queue mode needs a database that
// several processes share, so it is refused on the embedded SQLite database.
import type { Config } from '../config.js';
import { ExecutionQueue } from './execution-queue.js';

export function openQueue(config: Config): ExecutionQueue | null {
  if (!config.redisUrl) return null;
  if (!config.databaseUrl) {
    throw new Error('REDIS_URL (queue mode) needs DATABASE_URL as well: workers on other processes share the executions through PostgreSQL, which the embedded SQLite database cannot do. Set DATABASE_URL=postgres://…, or unset REDIS_URL to run everything in this process.');
  }
  return new ExecutionQueue({ redisUrl: config.redisUrl, prefix: config.queuePrefix });
}
