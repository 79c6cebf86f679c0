// /api/segments: saved rules over contacts and their events, their members, and the editor's live
// preview of rules not saved yet.
import { Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { Segments } from '../../services/segments.js';
import { pageQuery, parseQuery } from '../validate.js';

export function segmentRoutes(runtime: Runtime): Router {
  const router = Router();
  const service = new Segments(runtime);

  router.get('/api/segments', async (req, res) => {
    res.json(await service.list(parseQuery(pageQuery, req.query)));
  });

  router.post('/api/segments', async (req, res) => {
    res.status(201).json(await service.create(req.body));
  });

  // `{ rules }` → `{ count, sample }`: what a segment with these rules would hold now.
  router.post('/api/segments/preview', async (req, res) => {
    res.json(await service.preview(req.body));
  });

  router.get('/api/segments/:id', async (req, res) => {
    res.json(await service.get(req.params.id));
  });

  router.put('/api/segments/:id', async (req, res) => {
    res.json(await service.update(req.params.id, req.body));
  });

  router.delete('/api/segments/:id', async (req, res) => {
    await service.delete(req.params.id);
    res.status(204).end();
  });

  router.get('/api/segments/:id/contacts', async (req, res) => {
    const { limit, cursor } = parseQuery(pageQuery, req.query);
    res.json(await service.contacts(req.params.id, { limit, ...(cursor ? { cursor } : {}) }));
  });

  return router;
}
