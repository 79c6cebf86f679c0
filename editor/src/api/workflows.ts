// Typed calls for /api/workflows, plus the workflow JSON file format (import and export) and a
// workflow's latest execution. Every call throws an ApiError carrying the server's message; a
// refused save has the workflow's problems in `err.problems`.
import type { WorkflowInput } from '@tern/shared';
import { del, get, post, put, query } from './client.js';
import type { ExecutionRecord, ExecutionView, Page, WorkflowVersion, WorkflowView } from './types.js';

const path = (id: string, rest = '') => `/api/workflows/${encodeURIComponent(id)}${rest}`;

/** The fields of the workflow JSON itself (contract.md, "Workflow JSON"); everything else on a
 *  WorkflowView (id, active, version, dates) belongs to the stored record. */
export const WORKFLOW_FIELDS = ['name', 'description', 'nodes', 'edges', 'stickyNotes', 'settings'] as const;

/** Just the workflow JSON of a workflow or a WorkflowView: what is saved, exported and imported. */
export function workflowDefinition<W extends WorkflowInput>(workflow: W): WorkflowInput {
  const out: Record<string, unknown> = {};
  for (const field of WORKFLOW_FIELDS) {
    if (workflow[field] !== undefined) out[field] = workflow[field];
  }
  return out as WorkflowInput;
}

// ---------------------------------------------------------------------------------------------
// CRUD

export interface ListWorkflowsOptions {
  /** Page size (server default 50, at most 1000). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string | null;
  /** Only active (true) or inactive (false) workflows. */
  active?: boolean;
}

/** One page of workflows, the newest first. */
export const listWorkflows = (options: ListWorkflowsOptions = {}) =>
  get<Page<WorkflowView>>(`/api/workflows${query({ limit: options.limit, cursor: options.cursor, active: options.active })}`);

/** The workflow with its latest definition. */
export const getWorkflow = (id: string) => get<WorkflowView>(path(id));

/** Creates a workflow (version 1). Only the workflow JSON fields are sent. 400 `invalid_workflow`
 *  when it is not valid (a workflow needs a trigger, for one). */
export const createWorkflow = (workflow: WorkflowInput) => post<WorkflowView>('/api/workflows', workflowDefinition(workflow));

/** Saves a new version of the workflow; an active workflow starts running it at once. */
export const updateWorkflow = (id: string, workflow: WorkflowInput) => put<WorkflowView>(path(id), workflowDefinition(workflow));

/** Deletes the workflow (deactivating it first when active). */
export const removeWorkflow = (id: string) => del(path(id));

/** Renames the workflow: its current definition, read fresh from the server, saved under `name`
 *  (a new version, like any save). */
export async function renameWorkflow(id: string, name: string): Promise<WorkflowView> {
  const current = await getWorkflow(id);
  return updateWorkflow(id, { ...workflowDefinition(current), name });
}

/** A new, inactive workflow with the same definition, named "Copy of …" unless told otherwise. */
export const duplicateWorkflow = (source: WorkflowInput, name = `Copy of ${source.name}`) =>
  createWorkflow({ ...workflowDefinition(source), name });

// ---------------------------------------------------------------------------------------------
// Activation

/** Starts the workflow's triggers on its latest version. Refused (400 or 409, with the reason in
 *  the message) when the workflow is invalid or its webhook path is taken. */
export const activateWorkflow = (id: string) => post<WorkflowView>(path(id, '/activate'));

/** Stops the workflow's triggers; executions already under way go on. */
export const deactivateWorkflow = (id: string) => post<WorkflowView>(path(id, '/deactivate'));

export const setWorkflowActive = (id: string, active: boolean) => (active ? activateWorkflow(id) : deactivateWorkflow(id));

// ---------------------------------------------------------------------------------------------
// Versions and runs

/** Every saved version, the oldest first. */
export const listWorkflowVersions = (id: string) => get<Page<WorkflowVersion>>(path(id, '/versions'));

/** The workflow as it was saved in `version`. */
export const getWorkflowVersion = (id: string, version: number) => get<WorkflowView>(path(id, `/versions/${version}`));

export interface RunOptions {
  /** Wait until the execution ends and answer it (else answers `{ executionId }` at once). */
  wait?: boolean;
  /** `latest` (the draft just saved) or a version number; default: the active version, else the latest. */
  version?: 'latest' | number;
  /** The trigger node that receives the payload, when the workflow has several. */
  trigger?: string;
}

/** Runs the workflow by hand with `payload` as the trigger's data. */
export function runWorkflow(id: string, payload: unknown, options: RunOptions = {}): Promise<ExecutionView | { executionId: string }> {
  return post(path(id, `/run${query({ wait: options.wait ? 'true' : undefined, version: options.version, trigger: options.trigger })}`), payload ?? {});
}

/** The workflow's most recent execution (the API lists the latest first), or null when it never ran. */
export async function lastExecution(workflowId: string): Promise<ExecutionRecord | null> {
  const page = await get<Page<ExecutionRecord>>(`/api/executions${query({ workflowId, limit: 1 })}`);
  return page.items[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Files: export and import

/** `<name>.json`, with the characters file systems refuse replaced. */
export function workflowFileName(name: string): string {
  const safe = name.replace(/[\u0000-\u001f/\\?%*:|"<>]+/g, '-').trim().replace(/^\.+/, '');
  return `${safe || 'workflow'}.json`;
}

/** The export of a workflow: its JSON (no id, state or dates), pretty-printed, and a file name. */
export function exportWorkflow(workflow: WorkflowInput): { fileName: string; json: string } {
  return { fileName: workflowFileName(workflow.name), json: `${JSON.stringify(workflowDefinition(workflow), null, 2)}\n` };
}

/** Makes the browser download the workflow's export. */
export function downloadWorkflow(workflow: WorkflowInput): void {
  const { fileName, json } = exportWorkflow(workflow);
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The text of a .json file that is not a workflow at all (not JSON, not an object). */
export class WorkflowFileError extends Error {
  override name = 'WorkflowFileError';
}

/** The workflow in a file's text: its JSON fields only (an export of GET /api/workflows/:id works
 *  too); a file without a name is named after the file. Throws WorkflowFileError. */
export function parseWorkflowFile(text: string, fileName?: string): WorkflowInput {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new WorkflowFileError(`the file is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new WorkflowFileError('the file does not hold a workflow: expected a JSON object with "name", "nodes" and "edges"');
  }
  const workflow = workflowDefinition(json as WorkflowInput);
  if ((workflow.name === undefined || workflow.name === '') && fileName) {
    workflow.name = fileName.replace(/\.json$/i, '');
  }
  return workflow;
}

/** Creates a workflow from a file's text (see parseWorkflowFile); the server validates it. */
export const importWorkflow = (text: string, fileName?: string) => createWorkflow(parseWorkflowFile(text, fileName));
