// /api/workflows: CRUD with versions, activation and manual runs.
import { Router } from 'express';
import { z } from 'zod';
import type { Runtime } from '../../runtime.js';
import { runWorkflow } from '../../services/executions.js';
import {
  activateWorkflow, createWorkflow, deactivateWorkflow, deleteWorkflow, getWorkflow, listWorkflows, updateWorkflow,
  workflowView,
} from '../../services/workflows.js';
import { notFound } from '../errors.js';
import { pageQuery, parseQuery, waitQuery } from '../validate.js';

const listQuery = pageQuery.extend({ active: z.enum(['true', 'false']).transform((v) => v === 'true').optional() });
const runQuery = waitQuery.extend({
  /** `latest` (the draft just saved) or a version number; default: the active version, else the latest. */
  version: z.string().regex(/^(latest|[1-9]\d{0,8})$/, 'must be "latest" or a version number (1, 2, …)')
    .transform((v) => (v === 'latest' ? 'latest' as const : Number(v))).optional(),
  /** The trigger node that receives the payload. */
  trigger: z.string().min(1, 'must name a trigger node').optional(),
});
const versionParam = z.coerce.number().int().positive();

export function workflowRoutes(runtime: Runtime): Router {
  const router = Router();

  router.get('/api/workflows', async (req, res) => {
    const page = await listWorkflows(runtime, parseQuery(listQuery, req.query));
    res.json({ ...page, items: page.items.map(workflowView) });
  });

  router.post('/api/workflows', async (req, res) => {
    res.status(201).json(workflowView(await createWorkflow(runtime, req.body)));
  });

  router.get('/api/workflows/:id', async (req, res) => {
    res.json(workflowView(await getWorkflow(runtime, req.params.id)));
  });

  router.put('/api/workflows/:id', async (req, res) => {
    res.json(workflowView(await updateWorkflow(runtime, req.params.id, req.body)));
  });

  router.delete('/api/workflows/:id', async (req, res) => {
    await deleteWorkflow(runtime, req.params.id);
    res.status(204).end();
  });

  router.get('/api/workflows/:id/versions', async (req, res) => {
    await getWorkflow(runtime, req.params.id);
    const items = await runtime.store.workflows.listVersions(req.params.id);
    res.json({ items, total: items.length, nextCursor: null });
  });

  router.get('/api/workflows/:id/versions/:version', async (req, res) => {
    const version = versionParam.safeParse(req.params.version);
    const record = version.success ? await runtime.store.workflows.getVersion(req.params.id, version.data) : null;
    if (!record) throw notFound('workflow version');
    res.json(workflowView(record));
  });

  router.post('/api/workflows/:id/activate', async (req, res) => {
    res.json(workflowView(await activateWorkflow(runtime, req.params.id)));
  });

  router.post('/api/workflows/:id/deactivate', async (req, res) => {
    res.json(workflowView(await deactivateWorkflow(runtime, req.params.id)));
  });

  router.post('/api/workflows/:id/run', async (req, res) => {
    const { wait, version, trigger } = parseQuery(runQuery, req.query);
    const result = await runWorkflow(runtime, req.params.id, req.body ?? {}, { wait, version, triggerNodeId: trigger });
    if (result.view) res.json(result.view);
    else res.status(202).json({ executionId: result.executionId });
  });

  return router;
}
