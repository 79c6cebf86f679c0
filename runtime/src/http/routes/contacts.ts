// /api/contacts: the contact database (CRM-lite). Email and phone are normalised, and one person
// is one contact: creating a second contact with an email or phone in use answers 409.
import { Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { contactListQuery, Contacts } from '../../services/contacts.js';
import { contactsChanged } from '../../services/segment-membership.js';
import { pageQuery, parseQuery } from '../validate.js';

export function contactRoutes(runtime: Runtime): Router {
  const router = Router();
  const service = new Contacts(runtime.store, runtime.clock);

  router.get('/api/contacts', async (req, res) => {
    const { limit, cursor, ...filter } = parseQuery(pageQuery.extend(contactListQuery.shape), req.query);
    res.json(await service.list(filter, { limit, ...(cursor ? { cursor } : {}) }));
  });

  // A created or edited contact may enter or leave segments (segment.entered / segment.exited).
  router.post('/api/contacts', async (req, res) => {
    const contact = await service.create(req.body);
    await contactsChanged(runtime, [contact.id]);
    res.status(201).json(contact);
  });

  router.get('/api/contacts/:id', async (req, res) => {
    res.json(await service.get(req.params.id));
  });

  router.patch('/api/contacts/:id', async (req, res) => {
    const contact = await service.update(req.params.id, req.body);
    await contactsChanged(runtime, [contact.id]);
    res.json(contact);
  });

  router.delete('/api/contacts/:id', async (req, res) => {
    await service.delete(req.params.id);
    res.status(204).end();
  });

  router.get('/api/contacts/:id/events', async (req, res) => {
    const { limit, cursor } = parseQuery(pageQuery, req.query);
    res.json(await service.events(req.params.id, { limit, ...(cursor ? { cursor } : {}) }));
  });

  return router;
}
