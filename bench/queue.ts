// Queue mode throughput: N webhook executions (webhook → set → set, answered at once) sent to
// `tern start` 20 at a time, timed from the first request until the last execution succeeded.
// The same load runs in embedded mode (one `tern start` on SQLite) and in queue mode (one
// `tern start` and 1 or 2 `tern worker`s on PostgreSQL and Redis), all as real processes on
// this machine, each queue run in a schema and queue prefix of its own, removed after.
import pg from 'pg';
import { Redis } from 'ioredis';
import { eventually, ServerProcess } from '../runtime/test/server-process.js';

export interface QueueRun {
  /** 0: embedded mode (no queue). */
  workers: number;
  seconds: number;
  perSecond: number;
}

const PARALLEL = 20;
const node = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, version: 1, position: { x: 0, y: 0 }, params });
const edge = (source: string, target: string) => ({ id: `${source}-${target}`, source, sourcePort: 'out', target, targetPort: 'in' });

async function run(count: number, workers: number, env: NodeJS.ProcessEnv): Promise<QueueRun> {
  const processes: ServerProcess[] = [];
  try {
    const server = await ServerProcess.create(env);
    processes.push(server);
    await server.start();
    for (let i = 0; i < workers; i++) {
      const worker = await ServerProcess.create(env, undefined, ['worker', '--concurrency', '50']);
      processes.push(worker);
      await worker.start();
    }
    const key = (await server.api('POST', '/api/setup', { email: 'bench@example.com', password: 'correct horse battery' })).body.apiKey as string;
    const created = await server.api('POST', '/api/workflows', {
      name: 'Queue bench',
      nodes: [
        node('hook', 'trigger.webhook', { path: 'bench', method: 'POST', respond: 'immediately' }),
        node('first', 'data.set', { values: { n: '{{ trigger.body.n }}' } }),
        node('second', 'data.set', { values: { done: true } }),
      ],
      edges: [edge('hook', 'first'), edge('first', 'second')],
    }, key);
    await server.api('POST', `/api/workflows/${created.body.id}/activate`, undefined, key);
    const started = performance.now();
    for (let from = 0; from < count; from += PARALLEL) {
      await Promise.all(Array.from({ length: Math.min(PARALLEL, count - from) }, (_, i) =>
        fetch(`${server.url}/webhook/bench`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n: from + i }) })
          .then((res) => res.arrayBuffer())));
    }
    await eventually(async () => {
      const done = await server.api('GET', '/api/executions?status=success&limit=1', undefined, key);
      return done.body.total === count ? true : undefined;
    }, 300_000, `${count} executions to succeed`);
    const seconds = (performance.now() - started) / 1000;
    return { workers, seconds, perSecond: count / seconds };
  } finally {
    for (const p of processes) await p.dispose();
  }
}

/** Embedded mode, then queue mode with 1 and 2 workers. */
export async function benchQueue(count: number, databaseUrl: string, redisUrl: string): Promise<QueueRun[]> {
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const redis = new Redis(redisUrl);
  const runs = [await run(count, 0, {})];
  try {
    for (const workers of [1, 2]) {
      const schema = `tern_bench_queue_${process.pid}_${workers}`;
      const prefix = `tern-bench-${process.pid}-${workers}`;
      try {
        runs.push(await run(count, workers, {
          DATABASE_URL: databaseUrl, TERN_DATABASE_SCHEMA: schema, REDIS_URL: redisUrl, TERN_QUEUE_PREFIX: prefix,
          TERN_ENCRYPTION_KEY: 'cd'.repeat(32),
        }));
      } finally {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
      }
    }
  } finally {
    await admin.end();
    redis.disconnect();
  }
  return runs;
}
