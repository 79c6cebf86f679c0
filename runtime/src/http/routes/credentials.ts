// /api/credentials: secret fields are write-only; responses name the secrets set, never their values.
import { Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { Credentials, type EncryptionKey, encryptionKeyOf } from '../../services/credentials.js';
import { pageQuery, parseQuery } from '../validate.js';

export function credentialRoutes(runtime: Runtime, encryptionKey?: EncryptionKey): Router {
  const router = Router();
  let service: Credentials | undefined;
  const credentials = () =>
    (service ??= new Credentials(runtime.store, encryptionKey ?? encryptionKeyOf(runtime.config), runtime.clock));

  router.get('/api/credentials', async (req, res) => {
    res.json(await credentials().list(parseQuery(pageQuery, req.query)));
  });

  router.post('/api/credentials', async (req, res) => {
    res.status(201).json(await credentials().create(req.body));
  });

  router.get('/api/credentials/:id', async (req, res) => {
    res.json(await credentials().get(req.params.id));
  });

  router.put('/api/credentials/:id', async (req, res) => {
    res.json(await credentials().update(req.params.id, req.body));
  });

  router.delete('/api/credentials/:id', async (req, res) => {
    await credentials().delete(req.params.id);
    res.status(204).end();
  });

  return router;
}
