// POST /api/workflows/validate: the problems saving this workflow would report, without saving
// it. The editor calls it while the user edits, to mark nodes and list problems before a save.
import { Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { workflowProblems } from '../../services/workflows.js';

export function validationRoutes(runtime: Runtime): Router {
  const router = Router();
  router.post('/api/workflows/validate', (req, res) => {
    const { problems } = workflowProblems(runtime, req.body);
    res.json({ ok: problems.length === 0, problems });
  });
  return router;
}
