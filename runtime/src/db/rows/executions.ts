// Execution, step and wait rows as both stores read and write them. Executions and steps are read
// as arrays (better-sqlite3's raw mode, node-postgres's rowMode 'array'), in the order of these
// column lists: building an object per row costs about three times as much as reading the rows
// (measured with better-sqlite3 loading 500 resumed executions).
import type { ResumeInfo, Rules, WebhookResponse } from '@tern/shared';
import type {
  ExecutionError, ExecutionMode, ExecutionRecord, ExecutionStatus, StepRecord, StepStatus, WaitRecord,
} from '../store.js';
import { fromJson, fromJsonOrNull, toJson, toJsonOrNull } from './json.js';

export const EXECUTION_COLUMNS = `id, workflow_id, workflow_version, status, mode, trigger, contact_id, error, response, started_at,
  finished_at`;
export type ExecutionRow = [
  id: string, workflowId: string, workflowVersion: number, status: ExecutionStatus, mode: ExecutionMode,
  trigger: string | null, contactId: string | null, error: string | null, response: string | null, startedAt: string,
  finishedAt: string | null,
];

export const STEP_COLUMNS = `id, execution_id, node_id, seq, status, input, output, port, error, attempt, resume, joined,
  started_at, finished_at`;
export type StepRow = [
  id: string, executionId: string, nodeId: string, seq: number, status: StepStatus, input: string | null,
  output: string | null, port: string | null, error: string | null, attempt: number, resume: string | null,
  joined: string, startedAt: string | null, finishedAt: string | null,
];

export interface WaitRow {
  execution_id: string;
  step_id: string;
  due_at: number | null;
  event_type: string | null;
  event_filter: string | null;
  contact_id: string | null;
  state: string | null;
  created_at: string;
}

export const FINISHED: ExecutionStatus[] = ['success', 'error', 'canceled'];

export const toExecution = ([
  id, workflowId, workflowVersion, status, mode, trigger, contactId, error, response, startedAt, finishedAt,
]: ExecutionRow): ExecutionRecord => ({
  id,
  workflowId,
  workflowVersion,
  status,
  mode,
  trigger: fromJson(trigger),
  contactId,
  error: fromJsonOrNull<ExecutionError>(error),
  response: fromJsonOrNull<WebhookResponse>(response),
  startedAt,
  finishedAt,
});

/** ResumeInfo.waitedSince is a Date; JSON keeps it as an ISO string. */
function reviveResume(text: string | null): ResumeInfo | null {
  const resume = fromJsonOrNull<ResumeInfo & { waitedSince: Date | string }>(text);
  if (resume && typeof resume.waitedSince === 'string') resume.waitedSince = new Date(resume.waitedSince);
  return resume;
}

export const toStep = ([
  id, executionId, nodeId, seq, status, input, output, port, error, attempt, resume, joined, startedAt, finishedAt,
]: StepRow): StepRecord => ({
  id,
  executionId,
  nodeId,
  seq,
  status,
  input: fromJson(input),
  output: fromJson(output),
  port,
  error: fromJsonOrNull<ExecutionError>(error),
  attempt,
  resume: reviveResume(resume),
  joined: joined === '[]' ? [] : (JSON.parse(joined) as string[]),
  startedAt,
  finishedAt,
});

export const toWait = (r: WaitRow): WaitRecord => ({
  executionId: r.execution_id,
  stepId: r.step_id,
  dueAt: r.due_at,
  eventType: r.event_type,
  eventFilter: fromJsonOrNull<Rules>(r.event_filter),
  contactId: r.contact_id,
  state: fromJson(r.state),
  createdAt: r.created_at,
});

/**
 * The JSON text of the data one write records. The same object often comes several times in one
 * write (a webhook's payload is the trigger, the first step's input and output, and the next
 * step's input) and is serialized once: a write runs synchronously, so it cannot change between.
 */
export class DataJson {
  private last: unknown = undefined;
  private lastText: string | null = null;

  of(value: unknown): string | null {
    if (typeof value !== 'object' || value === null) return toJson(value);
    if (value !== this.last) {
      this.lastText = toJson(value);
      this.last = value;
    }
    return this.lastText;
  }
}

/** An execution as the values of its INSERT, in the order of EXECUTION_COLUMNS. */
export const executionValues = (e: ExecutionRecord, data: DataJson) => [
  e.id, e.workflowId, e.workflowVersion, e.status, e.mode, data.of(e.trigger), e.contactId, toJsonOrNull(e.error),
  toJsonOrNull(e.response), e.startedAt, e.finishedAt,
];

/** A step as the values of STEP_COLUMNS, passed spread: better-sqlite3 binds separate arguments
 *  about a microsecond faster than the elements of one array argument. */
export const stepValues = (s: StepRecord, data: DataJson) => [
  s.id, s.executionId, s.nodeId, s.seq, s.status, data.of(s.input), data.of(s.output), s.port, toJsonOrNull(s.error),
  s.attempt, toJsonOrNull(s.resume), joinedJson(s.joined), s.startedAt, s.finishedAt,
];

/** A wait as the values of its INSERT: execution_id, step_id, due_at, event_type, event_filter, contact_id, state, created_at. */
export const waitValues = (w: WaitRecord) => [
  w.executionId, w.stepId, w.dueAt, w.eventType, toJsonOrNull(w.eventFilter), w.contactId, toJson(w.state), w.createdAt,
];

/** Only join steps record edges; every other step's empty list skips JSON.stringify. */
const joinedJson = (joined: string[] | undefined) =>
  joined === undefined || joined.length === 0 ? '[]' : JSON.stringify(joined);

/** Guards against a delta that mixes up executions: it would corrupt another run. */
export function ownedBy(executionId: string, record: { id: string; executionId: string }): void {
  if (record.executionId !== executionId) {
    throw new Error(`${record.id} belongs to execution ${record.executionId}, not ${executionId}`);
  }
}

/** The resume info of an event wait taken by its event, as the JSON its step records. */
export function eventResumeJson(
  wait: Pick<WaitRow, 'state' | 'created_at'>,
  event: { type: string; data: unknown; at: string },
): string {
  const state = wait.state === null ? undefined : (JSON.parse(wait.state) as unknown);
  return JSON.stringify({ reason: 'event', waitedSince: wait.created_at, ...(state !== undefined && { state }), event });
}
