// Typed calls for what the editor shows about journeys: per-node stats, a dry run for one contact
// (nothing sent, nothing stored), a node's params rendered for a contact, and the template gallery.
import type { Workflow, WorkflowInput } from '@tern/shared';
import { get, post } from './client.js';
import type { WorkflowView } from './types.js';

export interface NodeStats {
  entered: number;
  waiting: number;
  passed: Record<string, number>;
  errored: number;
}

export interface MessageStats {
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  bounced: number;
  unsubscribed: number;
}

export interface WorkflowStats {
  workflow: { started: number; running: number; waiting: number; succeeded: number; errored: number; converted: number };
  nodes: Record<string, NodeStats>;
  /** Added once message tracking is merged; absent before. */
  messages?: MessageStats;
}

/** The made-up contact of a test: standard fields plus any custom ones. */
export type TestContactFields = Record<string, string>;

export interface TestContactRequest {
  contactId?: string;
  contact?: TestContactFields;
  trigger?: Record<string, unknown>;
  /** Event types that happen while the journey waits for them (a `flow.wait_event` takes `event`). */
  events?: string[];
  definition?: WorkflowInput;
}

export interface TestPathStep {
  nodeId: string;
  type: string;
  status: string;
  port: string | null;
  output: unknown;
  /** The step's error message, when it failed. */
  error?: string;
  /** What was skipped: a delay's length, or how a wait for an event ended. */
  waitSkipped?: string;
}

export interface RenderedMessage {
  nodeId: string;
  channel: 'email' | 'sms';
  to: string;
  from?: string;
  subject?: string;
  html?: string;
  text?: string;
  body?: string;
}

export interface TestContactResult {
  status: string;
  path: TestPathStep[];
  messages: RenderedMessage[];
}

export interface RenderRequest {
  node: { type: string; version: number; params: Record<string, unknown> };
  contactId?: string;
  contact?: TestContactFields;
  trigger?: unknown;
}

export interface Template {
  id: string;
  name: string;
  description: string;
  category: string;
  workflow: Workflow;
  /** The credential types to pick before using it (one credential per type). */
  credentialTypes: string[];
}

const workflowPath = (id: string) => `/api/workflows/${encodeURIComponent(id)}`;

export const workflowStats = (id: string) => get<WorkflowStats>(`${workflowPath(id)}/stats`);
export const testWithContact = (id: string, request: TestContactRequest) => post<TestContactResult>(`${workflowPath(id)}/test-contact`, request);
export const renderNode = (request: RenderRequest) => post<{ params: Record<string, unknown> }>('/api/render', request);

export const listTemplates = () => get<{ items: Template[] }>('/api/templates');
export const createFromTemplate = (id: string, credentials: Record<string, string> = {}) =>
  post<WorkflowView>(`/api/templates/${encodeURIComponent(id)}/use`, { credentials });
