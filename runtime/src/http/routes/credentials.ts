// /api/credentials: secret fields are write-only; responses name the secrets set, never their values.
import { Router } from 'express';
import { z } from 'zod';
import type { Runtime } from '../../runtime.js';
import { credentialTypes } from '../../services/credential-types.js';
import { Credentials } from '../../services/credentials.js';
import { pageQuery, parseQuery } from '../validate.js';

export function credentialRoutes(runtime: Runtime): Router {
  const router = Router();
  const service = new Credentials(runtime.store, runtime.encryptionKey, runtime.clock);

  // The types a credential can have, with the JSON Schema of their data: the editor builds its
  // "new credential" forms from it. Secret fields are write-only.
  router.get('/api/credential-types', (_req, res) => {
    const items = Object.entries(credentialTypes).map(([type, t]) => ({
      type,
      fields: z.toJSONSchema(t.schema, { io: 'input' }),
      secret: [...t.secret],
    }));
    res.json({ items, total: items.length, nextCursor: null });
  });

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
