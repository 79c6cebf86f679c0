// The webhook routes a workflow claims while active: one per enabled `trigger.webhook` node.
import { normaliseWebhookPath, webhookMethods } from '@tern/nodes';
import type { NodeCatalogue, Workflow } from '@tern/shared';
import type { WebhookRoute } from '../db/store.js';
import type { Runtime } from '../runtime.js';

export const WEBHOOK_NODE = 'trigger.webhook';
/** The methods a route can answer; `ANY` stands for all of them. */
export const WEBHOOK_METHODS = webhookMethods.filter((m) => m !== 'ANY');

export type ClaimedRoute = Omit<WebhookRoute, 'workflowId' | 'version'>;

export function webhookRoutesOf(workflow: Workflow, catalogue: NodeCatalogue): ClaimedRoute[] {
  return workflow.nodes
    .filter((node) => node.type === WEBHOOK_NODE && !node.disabled)
    .map((node) => {
      const schema = catalogue.get(node.type, node.version)?.params;
      const params = (schema?.safeParse(node.params).data ?? node.params) as { path?: unknown; method?: unknown };
      return {
        nodeId: node.id,
        path: normaliseWebhookPath(String(params.path ?? '')),
        method: String(params.method ?? 'POST').toUpperCase(),
      };
    });
}

/** Methods a route answers; `ANY` answers all of them. */
export const methodsOf = (method: string): readonly string[] => (method === 'ANY' ? WEBHOOK_METHODS : [method]);

/** Two routes of one workflow that would answer the same request. */
export function overlappingRoutes(routes: ClaimedRoute[]): [ClaimedRoute, ClaimedRoute] | null {
  for (const [i, a] of routes.entries()) {
    for (const b of routes.slice(i + 1)) {
      if (a.path === b.path && methodsOf(a.method).some((m) => methodsOf(b.method).includes(m))) return [a, b];
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The routes as the webhook endpoint reads them: from the store, remembered for a second, so a
// busy webhook does not query the database for its route on every call. Activation changes made
// in this process clear the memory at once; those made by another process (the CLI, a second
// server) are seen within ROUTE_MEMORY_MS.

const ROUTE_MEMORY_MS = 1_000;
const MAX_REMEMBERED = 10_000;
const remembered = new WeakMap<Runtime, Map<string, { route: WebhookRoute | null; until: number }>>();

export async function lookupWebhook(runtime: Runtime, path: string, method: string): Promise<WebhookRoute | null> {
  let memory = remembered.get(runtime);
  if (!memory) remembered.set(runtime, (memory = new Map()));
  const key = `${method} ${path}`;
  const now = Date.now();
  const hit = memory.get(key);
  if (hit && hit.until > now) return hit.route;
  const route = await runtime.store.workflows.findWebhook(path, method);
  if (memory.size >= MAX_REMEMBERED) memory.clear();
  memory.set(key, { route, until: now + ROUTE_MEMORY_MS });
  return route;
}

/** Forgets the remembered routes (after an activation, deactivation or deletion). */
export function forgetWebhookRoutes(runtime: Runtime): void {
  remembered.get(runtime)?.clear();
}
