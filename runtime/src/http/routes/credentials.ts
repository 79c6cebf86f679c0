// /api/credentials: secret fields are write-only; responses name the secrets set, never their values.
// /api/credential-types: the types (built-in and from node packages) the editor builds forms from.
import { Router } from 'express';
import { z } from 'zod';
import type { Runtime } from '../../runtime.js';
import { testCredential } from '../../services/credential-test.js';
import { Credentials } from '../../services/credentials.js';
import { pageQuery, parseBody, parseQuery } from '../validate.js';

const data = z.record(z.string(), z.unknown(), { error: 'must be an object of fields' });
const draftBody = z.object({ type: z.string({ error: 'must name a credential type' }).min(1, 'must name a credential type'), data: data.default({}) });
const storedBody = z.object({ data: data.optional() });

export function credentialRoutes(runtime: Runtime): Router {
  const router = Router();
  const service = new Credentials(runtime.store, runtime.encryptionKey, runtime.clock, runtime.credentialTypes);

  // The types a credential can have, with the JSON Schema of their data: the editor builds its
  // "new credential" forms from it. Secret fields are write-only.
  router.get('/api/credential-types', (_req, res) => {
    const items = runtime.credentialTypes.describe();
    res.json({ items, total: items.length, nextCursor: null });
  });

  router.get('/api/credentials', async (req, res) => {
    res.json(await service.list(parseQuery(pageQuery, req.query)));
  });

  router.post('/api/credentials', async (req, res) => {
    res.status(201).json(await service.create(req.body));
  });

  // "Test before saving": `{ type, data }` of a credential not saved yet.
  router.post('/api/credentials/test', async (req, res) => {
    const body = parseBody(draftBody, req.body);
    const parsed = service.parseData(body.type, body.data);
    res.json(await testCredential(runtime.http, runtime.credentialTypes.get(body.type)!, parsed));
  });

  // A saved credential, or (with `{ data }`) the edit of it a PUT would save.
  router.post('/api/credentials/:id/test', async (req, res) => {
    const body = parseBody(storedBody, req.body);
    const { type, data: parsed } = await service.draft(req.params.id, body.data);
    res.json(await testCredential(runtime.http, type, parsed));
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
