// ALL /webhook/*path: find the active workflow that listens, check the caller (auth, signature,
// IP allow-list) on the raw body, and deliver the call.
import { normaliseWebhookPath, verifyWebhookRequest, type WebhookParams } from '@tern/nodes';
import express, { type Request, type Response, Router } from 'express';
import type { WebhookRoute } from '../../db/store.js';
import type { Runtime } from '../../runtime.js';
import { lookupWebhook, WEBHOOK_METHODS } from '../../services/webhook-routes.js';
import { deliver } from '../../services/webhooks.js';
import { SESSION_COOKIE } from '../auth.js';
import { HttpError, internalError } from '../errors.js';
import { flatHeaders, parseWebhookBody, withoutCookie } from '../webhook-body.js';
import { sendWebhookResponse } from '../webhook-response.js';

const MAX_IDEMPOTENCY_KEY = 255;

const isWebhookMethod = (m: string): boolean => (WEBHOOK_METHODS as readonly string[]).includes(m);

async function findRoute(runtime: Runtime, path: string, method: string): Promise<WebhookRoute> {
  const route = isWebhookMethod(method) ? await lookupWebhook(runtime, path, method) : null;
  if (route) return route;
  const holders = await Promise.all(WEBHOOK_METHODS.map((m) => lookupWebhook(runtime, path, m)));
  const allowed = WEBHOOK_METHODS.filter((_, i) => holders[i]);
  if (allowed.length > 0) {
    throw new HttpError(405, 'method_not_allowed', `/webhook/${path} does not answer ${method}; it answers ${allowed.join(', ')}`,
      [], { Allow: allowed.join(', ') });
  }
  throw new HttpError(404, 'not_found', `no active workflow listens on /webhook/${path}`);
}

/** The trigger node's params, parsed, from the version the route was claimed with. A route exists
 *  only while its workflow is active: deactivation releases it in the same transaction. */
async function triggerParams(runtime: Runtime, route: WebhookRoute): Promise<WebhookParams> {
  const graph = await runtime.runner.graphOf(route.workflowId, route.version);
  const parsed = graph.nodes.get(route.nodeId)?.staticParams();
  if (!parsed?.success) {
    runtime.log.error({ route }, 'the webhook route points at a trigger that is missing or invalid');
    throw internalError();
  }
  return parsed.data as WebhookParams;
}

export function webhookRoutes(runtime: Runtime): Router {
  const router = Router();
  const rawParser = express.raw({ type: () => true, limit: runtime.config.bodyLimitBytes });
  const readRawBody = (req: Request, res: Response) =>
    new Promise<Buffer>((resolve, reject) => {
      rawParser(req, res, (err?: unknown) => (err ? reject(err) : resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0))));
    });

  router.all('/webhook/*path', async (req, res) => {
    const arrived = performance.now();
    res.once('finish', () => runtime.metrics.webhook(res.statusCode, (performance.now() - arrived) / 1000));
    const path = normaliseWebhookPath((req.params as unknown as { path: string[] }).path.join('/'));
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const route = await findRoute(runtime, path, method);
    const params = await triggerParams(runtime, route);
    const rawBody = await readRawBody(req, res);
    const headers = flatHeaders(req.headers);
    const verdict = verifyWebhookRequest(params, { rawBody, headers, ip: req.ip ?? '', now: runtime.clock.now() });
    if (!verdict.ok) {
      const basic: Record<string, string> = params.auth?.type === 'basic' ? { 'WWW-Authenticate': 'Basic realm="tern webhook"' } : {};
      throw new HttpError(verdict.status, verdict.status === 401 ? 'unauthorized' : 'forbidden', verdict.message, [], basic);
    }
    const cookie = withoutCookie(headers.cookie, SESSION_COOKIE);
    if (cookie === undefined) delete headers.cookie;
    else headers.cookie = cookie;
    const payload = { body: parseWebhookBody(rawBody, headers['content-type']), query: req.query, headers, method: req.method, path };
    const idempotencyKey = headers['idempotency-key']?.trim() || undefined;
    if (idempotencyKey && idempotencyKey.length > MAX_IDEMPOTENCY_KEY) {
      throw new HttpError(400, 'invalid_request', `the Idempotency-Key header may be at most ${MAX_IDEMPOTENCY_KEY} characters long`,
        [{ field: 'headers.idempotency-key', message: `must be at most ${MAX_IDEMPOTENCY_KEY} characters` }]);
    }
    const result = await deliver(runtime, {
      workflowId: route.workflowId, version: route.version, nodeId: route.nodeId, path, respond: params.respond, payload,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
    sendWebhookResponse(res, result.response, result.executionId);
  });

  return router;
}
