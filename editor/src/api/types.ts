// Shapes of the HTTP API as the editor reads them (docs in ../../shared/docs/contract.md).
import type { NodeDescription, Problem, Workflow } from '@tern/shared';

export type { NodeDescription, Problem, Workflow };

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/** A workflow as `GET /api/workflows/:id` answers: its latest definition plus the record's fields. */
export type WorkflowView = Workflow & {
  id: string;
  active: boolean;
  version: number;
  activeVersion: number | null;
  createdAt: string;
  updatedAt: string;
};

export interface WorkflowVersion {
  workflowId: string;
  version: number;
  createdAt: string;
}

export type ExecutionStatus = 'running' | 'waiting' | 'success' | 'error' | 'canceled';
export type StepStatus = ExecutionStatus | 'pending' | 'skipped';

export interface ExecutionError {
  message: string;
  nodeId?: string;
  [key: string]: unknown;
}

export interface StepView {
  nodeId: string;
  status: StepStatus;
  input: unknown;
  output: unknown;
  error: ExecutionError | null;
  attempt: number;
  startedAt: string | null;
  finishedAt: string | null;
  port: string | null;
}

export interface WaitView {
  nodeId: string | null;
  dueAt: string | null;
  eventType: string | null;
  createdAt: string;
}

export interface ExecutionRecord {
  id: string;
  workflowId: string;
  workflowVersion: number;
  status: ExecutionStatus;
  mode: string;
  trigger: unknown;
  contactId: string | null;
  error: ExecutionError | null;
  startedAt: string;
  finishedAt: string | null;
}

export type ExecutionView = ExecutionRecord & { steps: StepView[]; waits: WaitView[] };

export interface ApiKey {
  id: string;
  name: string;
  scope: 'full' | 'ingest';
  prefix?: string;
  createdAt: string;
  lastUsedAt?: string | null;
}
