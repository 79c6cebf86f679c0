// /api/credentials: secret fields are write-only; responses name the secrets set, never their values.
import { Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { Credentials } from '../../services/credentials.js';
import { pageQuery, parseQuery } from '../validate.js';

export function credentialRoutes(runtime: Runtime): Router {
  const router = Router();
  const service = new Credentials(runtime.store, runtime.encryptionKey, runtime.clock);

  router.get('/api/credentials', async (req, res) => {
    res.json(await service.list(parseQuery(pageQuery, req.query)));
  });

  router.post('/api/credentials', async (req, res) => {
    res.status(201).json(await service.create(req.body));
  });

  router.get('/api/credentials/:id', async (req, res) => {
    res.json(await service.get(req.params.id));
  });

  router.put('/api/credentials/:id', async (req, res) => {
    res.json(await service.update(req.params.id, req.body));
  });

  router.delete('/api/credentials/:id', async (req, res) => {
    await service.delete(req.params.id);
    res.status(204).end();
  });

  return router;
}
