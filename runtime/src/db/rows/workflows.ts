// Workflow and webhook-route rows as both stores read them, and the rules of route claims.
import type { Workflow } from '@tern/shared';
import type { WebhookRoute, WorkflowRecord } from '../store.js';

export interface WorkflowRow {
  id: string;
  name: string;
  /** 0/1 in SQLite, a boolean in PostgreSQL. */
  active: number | boolean;
  version: number;
  active_version: number | null;
  definition: string;
  created_at: string;
  updated_at: string;
}

export interface RouteRow {
  path: string;
  method: string;
  workflow_id: string;
  version: number;
  node_id: string;
}

export type RouteClaim = Omit<WebhookRoute, 'workflowId' | 'version'>;

export const toWorkflow = (row: WorkflowRow): WorkflowRecord => ({
  id: row.id,
  name: row.name,
  active: row.active === 1 || row.active === true,
  version: row.version,
  activeVersion: row.active_version,
  definition: JSON.parse(row.definition) as Workflow,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const toRoute = (row: RouteRow): WebhookRoute => ({
  path: row.path,
  method: row.method,
  workflowId: row.workflow_id,
  version: row.version,
  nodeId: row.node_id,
});

/** `/signup/`, `signup` and `/signup` are the same route; methods compare upper-cased. */
export function normalizeRoute<R extends { path: string; method: string }>(route: R): R {
  return { ...route, path: route.path.replace(/^\/+|\/+$/g, ''), method: route.method.toUpperCase() };
}

/** Two claims clash on the same path when their methods are equal or either is `ANY`. */
export const methodsOverlap = (a: string, b: string) => a === b || a === 'ANY' || b === 'ANY';

/**
 * The claim that keeps `wanted` (normalised) from being activated, if any: a route another
 * workflow holds (`heldByOther`), or an earlier claim of this very workflow on the same route
 * (two triggers of one workflow answering one request), reported as the one that holds it first.
 */
export function firstConflict(
  wanted: RouteClaim[],
  heldByOther: (claim: RouteClaim) => WebhookRoute | null,
  asRoute: (claim: RouteClaim) => WebhookRoute,
): WebhookRoute | null {
  for (const [i, claim] of wanted.entries()) {
    const other = heldByOther(claim);
    if (other) return other;
    const twin = wanted.slice(0, i).find((c) => c.path === claim.path && methodsOverlap(c.method, claim.method));
    if (twin) return asRoute(twin);
  }
  return null;
}
