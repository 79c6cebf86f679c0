// POST /api/events: one event, or `{ batch: [...] }` of up to 1000, recorded all or nothing.
// `ingest`-scope API keys (the key a website embeds) may call it and nothing else (auth.ts).
import { Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { ingestEvents } from '../../services/events.js';

export function eventRoutes(runtime: Runtime): Router {
  const router = Router();
  router.post('/api/events', async (req, res) => {
    res.status(202).json(await ingestEvents(runtime, req.body));
  });
  return router;
}
