// Live views for the editor, as server-sent events:
//   GET /api/executions/:id/live  snapshot, then step and execution changes, then end (and close)
//   GET /api/workflows/:id/live   ready, then step and execution changes of every execution
import { Router } from 'express';
import type { Runtime } from '../../runtime.js';
import type { ExecutionEvent } from '../../services/execution-events.js';
import { executionView, FINAL_STATUSES, stepView } from '../../services/executions.js';
import { getWorkflow } from '../../services/workflows.js';
import { type EventStream, HEARTBEAT_MS, openEventStream } from '../event-stream.js';

export interface LiveRouteOptions {
  heartbeatMs?: number;
}

/** Sends a step or execution event; both carry `executionId`. */
function forward(stream: EventStream, event: ExecutionEvent): void {
  if (event.type === 'step') stream.send('step', { executionId: event.executionId, ...stepView(event.step) });
  else stream.send('execution', { ...event.execution, executionId: event.executionId });
}

export function liveRoutes(runtime: Runtime, options: LiveRouteOptions = {}): Router {
  const router = Router();
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;

  router.get('/api/executions/:id/live', async (req, res) => {
    const id = req.params.id;
    let stream: EventStream | null = null;
    let ending = false;
    // Subscribed before the snapshot is read, so no change falls between the two: what arrives
    // meanwhile is sent after the snapshot (a change the snapshot holds already is sent again,
    // which a client applying changes in order does not notice).
    const early: ExecutionEvent[] = [];
    const unsubscribe = runtime.executionEvents.subscribe({ executionId: id }, (event) => {
      if (stream) handle(stream, event);
      else early.push(event);
    });

    const end = (s: EventStream) => {
      ending = true;
      unsubscribe();
      executionView(runtime, id).then(
        (view) => {
          s.send('end', view);
          s.close();
        },
        (err: unknown) => {
          runtime.log.warn({ err, executionId: id }, 'could not read the finished execution for its live stream');
          s.close();
        },
      );
    };
    const handle = (s: EventStream, event: ExecutionEvent) => {
      if (ending) return;
      forward(s, event);
      if (event.type === 'execution' && FINAL_STATUSES.has(event.execution.status)) end(s);
    };

    const snapshot = await executionView(runtime, id).catch((err: unknown) => {
      unsubscribe(); // a 404 answers as JSON: nothing has been sent yet
      throw err;
    });
    const s = openEventStream(req, res, { heartbeatMs, onClose: unsubscribe });
    s.send('snapshot', snapshot);
    if (FINAL_STATUSES.has(snapshot.status)) {
      ending = true;
      unsubscribe();
      s.send('end', snapshot);
      s.close();
      return;
    }
    stream = s;
    for (const event of early.splice(0)) handle(s, event);
  });

  router.get('/api/workflows/:id/live', async (req, res) => {
    const workflow = await getWorkflow(runtime, req.params.id);
    let stream: EventStream | null = null;
    const unsubscribe = runtime.executionEvents.subscribe({ workflowId: workflow.id }, (event) => {
      if (stream) forward(stream, event);
    });
    stream = openEventStream(req, res, { heartbeatMs, onClose: unsubscribe });
    stream.send('ready', { workflowId: workflow.id });
  });

  return router;
}
