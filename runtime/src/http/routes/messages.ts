// A contact's messages, and the suppression list: addresses no marketing message (and, when they
// bounced or complained, no message at all) goes to.
import { Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { Contacts } from '../../services/contacts.js';
import { messageView } from '../../services/message-view.js';
import { suppressionListQuery, Suppressions } from '../../services/suppressions.js';
import { pageQuery, parseQuery } from '../validate.js';

export function messageRoutes(runtime: Runtime): Router {
  const router = Router();
  const contacts = new Contacts(runtime.store, runtime.clock);
  const suppressions = new Suppressions(runtime.store, runtime.clock);

  router.get('/api/contacts/:id/messages', async (req, res) => {
    const { limit, cursor } = parseQuery(pageQuery, req.query);
    await contacts.record(req.params.id);
    const page = await runtime.store.messages.listForContact(req.params.id, { limit, ...(cursor ? { cursor } : {}) });
    res.json({ ...page, items: page.items.map(messageView) });
  });

  router.get('/api/suppressions', async (req, res) => {
    const { limit, cursor, ...filter } = parseQuery(pageQuery.extend(suppressionListQuery.shape), req.query);
    res.json(await suppressions.list(filter, { limit, ...(cursor ? { cursor } : {}) }));
  });

  router.post('/api/suppressions', async (req, res) => {
    res.status(201).json(await suppressions.add(req.body));
  });

  router.delete('/api/suppressions/:address', async (req, res) => {
    await suppressions.remove(req.params.address);
    res.status(204).end();
  });

  return router;
}
