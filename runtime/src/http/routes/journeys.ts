// Journeys: per-workflow stats, test runs with a contact (nothing sent, nothing stored), the
// editor's preview of a node's rendered params, and the template gallery.
import { Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { getWorkflow } from '../../services/workflows.js';

export function journeyRoutes(runtime: Runtime): Router {
  const router = Router();

  router.get('/api/workflows/:id/stats', async (req, res) => {
    await getWorkflow(runtime, req.params.id);
    res.json(await runtime.store.journeys.stats(req.params.id));
  });

  return router;
}
