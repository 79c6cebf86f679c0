// GET /api/health and GET /api/nodes (the catalogue the editor builds its palette from).
import { readFileSync } from 'node:fs';
import { describeNode } from '@tern/shared';
import { Router } from 'express';
import type { Runtime } from '../../runtime.js';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export function metaRoutes(runtime: Runtime): Router {
  const router = Router();
  router.get('/api/health', (_req, res) => {
    res.json({ status: 'ok', version });
  });
  router.get('/api/nodes', (_req, res) => {
    const items = runtime.catalogue.list().map(describeNode);
    res.json({ items, total: items.length, nextCursor: null });
  });
  return router;
}
