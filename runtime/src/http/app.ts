// The HTTP app: /api (JSON, authenticated except for the public routes), /webhook/*, the editor,
// and one error shape for everything. Every router is mounted at the root and declares full
// paths, so that the route list (route-list.ts) reads exactly what is served.
import express from 'express';
import type { Runtime } from '../runtime.js';
import { requireAuth } from './auth.js';
import { errorHandler, unknownRoute } from './errors.js';
import { requestLog } from './request-log.js';
import { authRoutes } from './routes/auth.js';
import { contactRoutes } from './routes/contacts.js';
import { credentialRoutes } from './routes/credentials.js';
import { eventRoutes } from './routes/events.js';
import { executionRoutes } from './routes/executions.js';
import { editorRoutes } from './routes/editor.js';
import { journeyRoutes } from './routes/journeys.js';
import { liveRoutes } from './routes/live.js';
import { messageRoutes } from './routes/messages.js';
import { metaRoutes } from './routes/meta.js';
import { operationsRoutes } from './routes/operations.js';
import { segmentRoutes } from './routes/segments.js';
import { webhookRoutes } from './routes/webhooks.js';
import { trackingRoutes } from './routes/tracking.js';
import { smsCallbackRoutes } from './routes/sms-callbacks.js';
import { validationRoutes } from './routes/validation.js';
import { workflowRoutes } from './routes/workflows.js';
import { scoringRuleRoutes } from './routes/scoring-rules.js';
import { segmentIngestRoutes } from './routes/segment-ingest.js';
import { contactImportRoutes } from './routes/contact-import.js';

export function createApp(runtime: Runtime): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(runtime.log));
  // Webhooks first: the busiest path does not walk the API's routes (it matches /webhook/* only).
  app.use(webhookRoutes(runtime));
  // Links in emails and SMS provider callbacks (/t/*): signed tokens or provider signatures, no login.
  app.use(trackingRoutes(runtime));
  app.use(smsCallbackRoutes(runtime));
  // Segment-compatible ingestion (/v1/*): its own write-key auth, like Segment's API.
  app.use(segmentIngestRoutes(runtime));

  // Authentication comes first, so an anonymous caller cannot make the server parse a body.
  app.use('/api', requireAuth(runtime), express.json({ limit: runtime.config.bodyLimitBytes }), (_req, res, next) => {
    res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    next();
  });
  app.use(metaRoutes(runtime));
  app.use(operationsRoutes(runtime));
  app.use(authRoutes(runtime));
  app.use(validationRoutes(runtime));
  app.use(workflowRoutes(runtime));
  app.use(executionRoutes(runtime));
  app.use(credentialRoutes(runtime));
  app.use(contactRoutes(runtime));
  app.use(eventRoutes(runtime));
  app.use(liveRoutes(runtime));
  app.use(messageRoutes(runtime));
  app.use(segmentRoutes(runtime));
  app.use(scoringRuleRoutes(runtime));
  app.use(contactImportRoutes(runtime));
  app.use(journeyRoutes(runtime));
  // Last: its pages answer any path a browser navigates to that nothing above claimed.
  app.use(editorRoutes(runtime));

  app.use(unknownRoute);
  app.use(errorHandler(runtime.log));
  return app;
}
