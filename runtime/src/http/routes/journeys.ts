// Journeys: per-workflow stats, test runs with a contact (nothing sent, nothing stored), the
// editor's preview of a node's rendered params, and the template gallery.
import { Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { renderPreview } from '../../services/render-preview.js';
import { credentialsNeeded, loadTemplates, useTemplate } from '../../services/templates.js';
import { testWithContact } from '../../services/test-contact.js';
import { getWorkflow, workflowView } from '../../services/workflows.js';

export function journeyRoutes(runtime: Runtime): Router {
  const router = Router();

  router.get('/api/workflows/:id/stats', async (req, res) => {
    await getWorkflow(runtime, req.params.id);
    const [journey, messages] = await Promise.all([
      runtime.store.journeys.stats(req.params.id), runtime.store.messages.statsForWorkflow(req.params.id),
    ]);
    res.json({ ...journey, messages });
  });

  // A dry run for one contact: nothing is sent, nothing stored (services/test-contact.ts).
  router.post('/api/workflows/:id/test-contact', async (req, res) => {
    res.json(await testWithContact(runtime, req.params.id, req.body));
  });

  router.post('/api/render', async (req, res) => {
    res.json(await renderPreview(runtime, req.body));
  });

  router.get('/api/templates', (_req, res) => {
    const items = loadTemplates().map((t) => ({ ...t, credentialTypes: credentialsNeeded(runtime, t) }));
    res.json({ items, total: items.length, nextCursor: null });
  });

  router.post('/api/templates/:id/use', async (req, res) => {
    res.status(201).json(workflowView(await useTemplate(runtime, req.params.id, req.body)));
  });

  return router;
}
