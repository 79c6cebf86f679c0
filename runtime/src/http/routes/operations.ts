// For operators: GET /metrics (Prometheus text format; behind TERN_METRICS_TOKEN when it is set)
// and GET /api/ready (readiness: the database answers), public like /api/health so that a load
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
    try {
      await runtime.store.workflows.list({ limit: 1 });
      res.json({ status: 'ready', database: 'ok' });
    } catch (err) {
      runtime.log.warn({ err }, 'readiness check: the database did not answer');
      res.status(503).json({ status: 'unavailable', database: (err as Error).message });
    }
  });
  return router;
}
