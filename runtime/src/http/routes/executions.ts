// /api/executions: list, one execution with its steps and waits, cancel, re-run.
import { Router } from 'express';
import { z } from 'zod';
import type { Runtime } from '../../runtime.js';
import { cancelExecution, executionView, rerunExecution } from '../../services/executions.js';
import { pageQuery, parseQuery, waitQuery } from '../validate.js';

const listQuery = pageQuery.extend({
  workflowId: z.string().min(1).optional(),
  status: z.enum(['running', 'waiting', 'success', 'error', 'canceled']).optional(),
  contactId: z.string().min(1).optional(),
});

export function executionRoutes(runtime: Runtime): Router {
  const router = Router();

  router.get('/api/executions', async (req, res) => {
    const { workflowId, status, contactId, limit, cursor } = parseQuery(listQuery, req.query);
    res.json(await runtime.store.executions.list({ workflowId, status, contactId }, { limit, cursor }));
  });

  router.get('/api/executions/:id', async (req, res) => {
    res.json(await executionView(runtime, req.params.id));
  });

  router.post('/api/executions/:id/cancel', async (req, res) => {
    res.json(await cancelExecution(runtime, req.params.id));
  });

  // A new execution of the same workflow version, trigger node and payload; answers like a run.
  router.post('/api/executions/:id/rerun', async (req, res) => {
    const { wait } = parseQuery(waitQuery, req.query);
    const result = await rerunExecution(runtime, req.params.id, wait);
    if (result.view) res.json(result.view);
    else res.status(202).json({ executionId: result.executionId });
  });

  return router;
}
