// Problems of a workflow in words a marketer can act on: which node (by its name), which field,
// what is wrong — e.g. `node "Hot lead?": rules.0.value: must not be empty`.
import { ApiError } from '../api/client.js';
import type { Problem, Workflow } from '../api/types.js';

/** A node's display name (its name, else its id). */
export function nodeLabel(workflow: Pick<Workflow, 'nodes'>, nodeId: string): string {
  return workflow.nodes.find((n) => n.id === nodeId)?.name?.trim() || nodeId;
}

/** The field as the form shows it: `params.rules.0.value` reads `rules.0.value`. */
export const fieldLabel = (field: string) => field.replace(/^params\./, '');

export function problemText(problem: Problem, workflow: Pick<Workflow, 'nodes'>): string {
  const where = problem.nodeId ? `node "${nodeLabel(workflow, problem.nodeId)}": ` : '';
  const field = fieldLabel(problem.field);
  return `${where}${field ? `${field}: ` : ''}${problem.message}`;
}

/** Why a workflow with these problems may not be activated, or null when it may. */
export function activationRefusal(problems: Problem[], workflow: Pick<Workflow, 'nodes'>): string | null {
  if (problems.length === 0) return null;
  const shown = problems.slice(0, 3).map((p) => problemText(p, workflow));
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return `Fix ${count} before activating: ${shown.join('; ')}${more}`;
}

/** The problems a refused request names: a 400 `invalid_workflow`'s list, or the node of a 409
 *  route conflict (a webhook path another active workflow holds). */
export function problemsOfError(err: unknown): Problem[] {
  if (!(err instanceof ApiError)) return [];
  if (err.problems.length) return err.problems;
  if (err.status !== 409) return [];
  return err.details
    .filter((d): d is Partial<Problem> => !!d && typeof d === 'object' && typeof (d as Problem).message === 'string')
    .map((d) => ({ ...(d.nodeId ? { nodeId: d.nodeId } : {}), field: d.field ?? '', message: d.message!, code: err.code }));
}
