// Segment-compatible ingestion: POST /v1/identify, /track, /page, /screen, /group, /alias, /batch.
// The write key is an API key (an `ingest`-scope key is the one to embed in a website), sent as
// the HTTP basic user name like Segment's libraries do, or as `writeKey` in the body (what
// analytics.js sends from browsers). Browsers may call it from any origin: the key is the guard,
// no cookie is read. Answers like Segment: 200 `{ success: true }`.
import express, { type Request, Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { principalFromKey } from '../../services/auth.js';
import { ingestSegment, type SegmentKind } from '../../services/segment-ingest.js';
import { HttpError } from '../errors.js';

const KINDS: Array<SegmentKind | 'batch'> = ['identify', 'track', 'page', 'screen', 'group', 'alias', 'batch'];

function writeKeyOf(req: Request): string | undefined {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (basic) return Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0] || undefined;
  const inBody = (req.body as { writeKey?: unknown } | undefined)?.writeKey;
  return typeof inBody === 'string' && inBody !== '' ? inBody : undefined;
}

export function segmentIngestRoutes(runtime: Runtime): Router {
  const router = Router();
  router.use('/v1', (req, res, next) => {
    res.set({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'Authorization, Content-Type', 'Access-Control-Allow-Methods': 'POST' });
    if (req.method === 'OPTIONS') res.status(204).end();
    else next();
  });
  // analytics.js posts text/plain (no CORS preflight); its body is JSON all the same.
  const json = express.json({ limit: runtime.config.bodyLimitBytes, type: ['application/json', 'text/plain'] });

  for (const kind of KINDS) {
    router.post(`/v1/${kind}`, json, async (req, res) => {
      const key = writeKeyOf(req);
      if (!key || !(await principalFromKey(runtime, key))) {
        throw new HttpError(401, 'unauthorized', 'send the write key (an API key) as the HTTP basic user name', [], { 'WWW-Authenticate': 'Basic realm="tern"' });
      }
      const { writeKey: _key, ...message } = (req.body ?? {}) as Record<string, unknown>;
      await ingestSegment(runtime, kind, message);
      res.json({ success: true });
    });
  }
  return router;
}
