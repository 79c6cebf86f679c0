// Workflows: validated saves (each an immutable version), activation with webhook routes and
// schedules, and manual runs. Used by the HTTP routes and usable by the CLI.
import { type Problem, validateWorkflow, type Workflow } from '@tern/shared';
import type { PageRequest, WebhookRoute, WorkflowRecord } from '../db/store.js';
import { HttpError, notFound } from '../http/errors.js';
import type { Runtime } from '../runtime.js';
import { type ClaimedRoute, forgetWebhookRoutes, methodsOf, overlappingRoutes, webhookRoutesOf } from './webhook-routes.js';

/** A workflow (or one of its versions) as the API shows it: the definition with id, state and
 *  version beside it, so that what GET answers can be edited and sent back with PUT. */
export function workflowView<R extends { definition: Workflow }>(record: R) {
  const { definition, ...rest } = record;
  return { ...definition, ...rest };
}

export function invalidWorkflow(problems: Problem[]): HttpError {
  const shown = problems.slice(0, 5).map((p) => `${p.nodeId ? `node "${p.nodeId}" ` : ''}${p.field}: ${p.message}`);
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
  return new HttpError(400, 'invalid_workflow', `the workflow is invalid: ${shown.join('; ')}${more}`, problems);
}

/** Every problem of a workflow as saving it would report them: schema, graph, params and two
 *  webhook triggers on one route. */
export function workflowProblems(runtime: Runtime, input: unknown): { workflow: Workflow | null; problems: Problem[] } {
  const result = validateWorkflow(input, runtime.catalogue);
  if (!result.ok) return { workflow: null, problems: result.problems };
  const overlap = overlappingRoutes(webhookRoutesOf(result.workflow, runtime.catalogue));
  if (overlap) {
    const [a, b] = overlap;
    return { workflow: null, problems: [{ nodeId: b.nodeId, field: 'params.path', code: 'duplicate_route',
      message: `${b.method} /webhook/${b.path} is answered by node "${a.nodeId}" already` }] };
  }
  return { workflow: result.workflow, problems: [] };
}

/** The workflow, valid for the catalogue, and with no two webhook triggers on one route. */
function validated(runtime: Runtime, input: unknown): Workflow {
  const { workflow, problems } = workflowProblems(runtime, input);
  if (!workflow) throw invalidWorkflow(problems);
  return workflow;
}

export async function getWorkflow(runtime: Runtime, id: string): Promise<WorkflowRecord> {
  const record = await runtime.store.workflows.get(id);
  if (!record) throw notFound('workflow');
  return record;
}

export const listWorkflows = (runtime: Runtime, page: PageRequest & { active?: boolean }) =>
  runtime.store.workflows.list(page);

export async function createWorkflow(runtime: Runtime, input: unknown): Promise<WorkflowRecord> {
  return runtime.store.workflows.create(validated(runtime, input));
}

/** Saves a new version; an active workflow moves its routes and schedule to it. */
export async function updateWorkflow(runtime: Runtime, id: string, input: unknown): Promise<WorkflowRecord> {
  const workflow = validated(runtime, input);
  const current = await getWorkflow(runtime, id);
  if (current.active) await assertRoutesFree(runtime, id, webhookRoutesOf(workflow, runtime.catalogue));
  const updated = await runtime.store.workflows.update(id, workflow);
  if (!updated) throw notFound('workflow');
  return updated.active ? activateLatest(runtime, updated) : updated;
}

export async function deleteWorkflow(runtime: Runtime, id: string): Promise<void> {
  const current = await getWorkflow(runtime, id);
  if (current.active) {
    runtime.schedules.deactivate(id);
    await runtime.store.workflows.deactivate(id);
  }
  if (!(await runtime.store.workflows.delete(id))) throw notFound('workflow');
  forgetWebhookRoutes(runtime);
}

export async function activateWorkflow(runtime: Runtime, id: string): Promise<WorkflowRecord> {
  const current = await getWorkflow(runtime, id);
  // The catalogue may have changed since the save (a custom node removed): check again.
  validated(runtime, current.definition);
  return activateLatest(runtime, current);
}

export async function deactivateWorkflow(runtime: Runtime, id: string): Promise<WorkflowRecord> {
  await getWorkflow(runtime, id);
  runtime.schedules.deactivate(id);
  const record = await runtime.store.workflows.deactivate(id);
  forgetWebhookRoutes(runtime);
  if (!record) throw notFound('workflow');
  return record;
}

async function routeConflict(runtime: Runtime, ours: ClaimedRoute | undefined, holder: WebhookRoute): Promise<HttpError> {
  const other = await runtime.store.workflows.get(holder.workflowId);
  const name = other ? `"${other.name}" (${holder.workflowId})` : holder.workflowId;
  return new HttpError(409, 'route_conflict',
    `${holder.method} /webhook/${holder.path} is taken by the active workflow ${name}`,
    [{ ...(ours ? { nodeId: ours.nodeId } : {}), field: 'params.path', message: `taken by the workflow ${name}`,
       workflowId: holder.workflowId, path: holder.path, method: holder.method }]);
}

/** Before an update writes a version: refuse routes that another active workflow holds. */
async function assertRoutesFree(runtime: Runtime, id: string, routes: ClaimedRoute[]): Promise<void> {
  for (const route of routes) {
    for (const method of methodsOf(route.method)) {
      const holder = await runtime.store.workflows.findWebhook(route.path, method);
      if (holder && holder.workflowId !== id) throw await routeConflict(runtime, route, holder);
    }
  }
}

async function activateLatest(runtime: Runtime, record: WorkflowRecord): Promise<WorkflowRecord> {
  const routes = webhookRoutesOf(record.definition, runtime.catalogue);
  const result = await runtime.store.workflows.activate(record.id, routes);
  forgetWebhookRoutes(runtime);
  if (!result.ok) throw await routeConflict(runtime, routes.find((r) => r.path === result.conflict.path), result.conflict);
  runtime.schedules.activate(result.workflow);
  return result.workflow;
}
