// /api/scoring-rules: the lead-scoring rules applied to every ingested event.
import { Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { ScoringRules } from '../../services/scoring-rules.js';
import { pageQuery, parseQuery } from '../validate.js';

export function scoringRuleRoutes(runtime: Runtime): Router {
  const router = Router();
  const service = new ScoringRules(runtime.store, runtime.clock);

  router.get('/api/scoring-rules', async (req, res) => {
    const { limit, cursor } = parseQuery(pageQuery, req.query);
    res.json(await service.list({ limit, ...(cursor ? { cursor } : {}) }));
  });

  router.post('/api/scoring-rules', async (req, res) => {
    res.status(201).json(await service.create(req.body));
  });

  router.get('/api/scoring-rules/:id', async (req, res) => {
    res.json(await service.get(req.params.id));
  });

  router.put('/api/scoring-rules/:id', async (req, res) => {
    res.json(await service.replace(req.params.id, req.body));
  });

  router.delete('/api/scoring-rules/:id', async (req, res) => {
    await service.delete(req.params.id);
    res.status(204).end();
  });

  return router;
}
