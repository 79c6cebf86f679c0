// The webhook routes a workflow claims while active: one per enabled `trigger.webhook` node.
import { normaliseWebhookPath } from '@tern/nodes';
import type { NodeCatalogue, Workflow } from '@tern/shared';
import type { WebhookRoute } from '../db/store.js';

export const WEBHOOK_NODE = 'trigger.webhook';
export const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

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
