// The HTTP calls of the workflow editor page: the workflow calls of `api/workflows.ts`, plus the
// catalogue, live validation and executions, typed.
import { get, post, query } from '../api/client.js';
import type {
  ExecutionRecord, ExecutionStatus, ExecutionView, NodeDescription, Page, Problem, Workflow, WorkflowView,
} from '../api/types.js';
import {
  activateWorkflow, createWorkflow, deactivateWorkflow, getWorkflow, getWorkflowVersion, listWorkflowVersions, runWorkflow,
  updateWorkflow, workflowDefinition,
} from '../api/workflows.js';

const ex = (id: string) => `/api/executions/${encodeURIComponent(id)}`;

/** The fields of a workflow record that are not part of the workflow JSON. */
export type WorkflowMeta = Pick<WorkflowView, 'id' | 'active' | 'version' | 'activeVersion'>;

/** Splits a record as the server answers it into the workflow JSON and the record's own fields. */
export function splitWorkflowView(view: WorkflowView & { workflowId?: string }): { workflow: Workflow; meta: WorkflowMeta } {
  const json = workflowDefinition(view);
  return {
    workflow: { ...json, edges: json.edges ?? [], settings: json.settings ?? { timezone: 'UTC' } } as Workflow,
    meta: { id: view.id ?? view.workflowId ?? '', active: !!view.active, version: view.version, activeVersion: view.activeVersion ?? null },
  };
}

export const requests = {
  catalogue: () => get<Page<NodeDescription>>('/api/nodes'),
  workflow: getWorkflow,
  createWorkflow,
  updateWorkflow,
  activate: activateWorkflow,
  deactivate: deactivateWorkflow,
  validate: (workflow: Workflow) => post<{ ok: boolean; problems: Problem[] }>('/api/workflows/validate', workflow),
  versions: listWorkflowVersions,
  version: (id: string, version: number) => getWorkflowVersion(id, version) as Promise<WorkflowView & { workflowId?: string }>,
  /** Runs the latest saved version (what the editor just saved) at `trigger`. */
  run: (id: string, payload: unknown, trigger?: string) =>
    runWorkflow(id, payload, { version: 'latest', trigger }) as Promise<{ executionId: string }>,
  executions: (params: { workflowId: string; status?: ExecutionStatus | ''; limit?: number; cursor?: string | null }) =>
    get<Page<ExecutionRecord>>(`/api/executions${query(params)}`),
  execution: (id: string) => get<ExecutionView>(ex(id)),
  cancelExecution: (id: string) => post<ExecutionView>(`${ex(id)}/cancel`),
  rerunExecution: (id: string) => post<{ executionId: string }>(`${ex(id)}/rerun`),
  liveUrl: (id: string) => `${ex(id)}/live`,
};
