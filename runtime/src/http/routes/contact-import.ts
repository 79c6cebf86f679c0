// POST /api/contacts/import: contacts from CSV, with a dry run for the preview.
import { Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { importContacts } from '../../services/contact-import.js';

export function contactImportRoutes(runtime: Runtime): Router {
  const router = Router();
  router.post('/api/contacts/import', async (req, res) => {
    res.json(await importContacts(runtime, req.body));
  });
  return router;
}
