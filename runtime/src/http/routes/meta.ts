// GET /api/health, and the node catalogue: GET /api/nodes (what the editor builds its palette and
// forms from, custom nodes included), GET /api/nodes/errors (node packages that were skipped) and
// POST /api/nodes/upgrade (a node's params migrated to the newest version of its type).
import { readFileSync } from 'node:fs';
import { describeNode } from '@tern/shared';
import { Router } from 'express';
import { z } from 'zod';
import { upgradeInfo, UpgradeError, upgradeParams } from '../../plugins/node-versions.js';
import type { Runtime } from '../../runtime.js';
import { HttpError } from '../errors.js';
import { parseBody } from '../validate.js';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const upgradeBody = z.object({
  type: z.string({ error: 'must name a node type' }).min(1, 'must name a node type'),
  fromVersion: z.number({ error: 'must be a version number' }).int('must be a whole number').min(1, 'must be at least 1'),
  params: z.record(z.string(), z.unknown(), { error: 'must be an object' }).default({}),
});

export function metaRoutes(runtime: Runtime): Router {
  const router = Router();
  router.get('/api/health', (_req, res) => {
    res.json({ status: 'ok', version });
  });

  router.get('/api/nodes', (_req, res) => {
    const { catalogue, nodePackages } = runtime;
    const items = catalogue.list().map((d) => {
      const pkg = nodePackages.packageOf(d.type, d.version);
      return { ...describeNode(d), ...(pkg ? { package: pkg } : {}), ...upgradeInfo(catalogue, d.type, d.version) };
    });
    res.json({ items, total: items.length, nextCursor: null });
  });

  router.get('/api/nodes/errors', (_req, res) => {
    const items = runtime.nodePackages.errors;
    res.json({ items, total: items.length, nextCursor: null });
  });

  router.post('/api/nodes/upgrade', (req, res) => {
    const body = parseBody(upgradeBody, req.body);
    try {
      res.json(upgradeParams(runtime.catalogue, body.type, body.fromVersion, body.params));
    } catch (err) {
      if (!(err instanceof UpgradeError)) throw err;
      throw new HttpError(400, err.code, err.message, [{ field: err.field, message: err.message }]);
    }
  });
  return router;
}
