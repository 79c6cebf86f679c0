// For operators: GET /metrics (Prometheus text format; behind TERN_METRICS_TOKEN when it is set)
// and GET /api/ready (readiness: the database answers, and Redis in queue mode), public like /api/health so that a load
// balancer or an orchestrator can probe them without a key.
import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { HttpError } from '../errors.js';

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** 'ok', or why the dependency did not answer (within 2 s). */
async function probe(check: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer within 2 s')), 2_000)));
  try {
    await Promise.race([check(), late]);
    return 'ok';
  } catch (err) {
    return (err as Error).message;
  } finally {
    clearTimeout(timer);
  }
}

export function operationsRoutes(runtime: Runtime): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    const token = runtime.config.metricsToken;
    if (token && !tokenMatches(req.headers.authorization, token)) {
      throw new HttpError(401, 'unauthorized', 'GET /metrics needs Authorization: Bearer <TERN_METRICS_TOKEN>', [], {
        'WWW-Authenticate': 'Bearer realm="tern metrics"',
      });
    }
    res.set({ 'Content-Type': runtime.metrics.contentType, 'Cache-Control': 'no-store' }).send(await runtime.metrics.text());
  });

  router.get('/api/ready', async (_req, res) => {
    const [database, redis] = await Promise.all([
      probe(() => runtime.store.workflows.list({ limit: 1 })),
      runtime.queue ? probe(() => runtime.queue!.ping()) : undefined,
    ]);
    const ready = database === 'ok' && (redis === undefined || redis === 'ok');
    if (!ready) runtime.log.warn({ database, redis }, 'readiness check: a dependency did not answer');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', database, ...(redis === undefined ? {} : { redis }) });
  });
  return router;
}
