import type { EventEmitter } from 'node:events';
import type { WebhookResponse } from '@tern/shared';
import type { ExecutionMode, ExecutionRecord, StepRecord } from '../db/store.js';
import type { CompiledGraph } from '../engine/graph.js';

export interface StartRequest {
  /** The id to give the execution (e.g. claimed first for an idempotency key); default: a new UUID. */
  executionId?: string;
  workflowId: string;
  mode: ExecutionMode;
  /** The trigger payload (webhook: { body, query, headers, method, path }). */
  payload: unknown;
  /** Which trigger node starts it; default: the first trigger of a kind that fits `mode`. */
  triggerNodeId?: string;
  /** Which version runs; default: the active version, else the latest. */
  version?: number;
  contactId?: string | null;
}

/**
 * What the runner reports while executions run (for live views and the scheduler). `step` is
 * emitted only while someone listens (it is on the hot path): when a step starts running and when
 * a checkpoint changes it. `execution` when an execution is created and when its record changes.
 */
export interface RunnerEvents {
  step: [executionId: string, step: StepRecord, workflowId: string];
  execution: [execution: ExecutionRecord];
  /** A time wait was written; the scheduler re-arms its timer if this is sooner. */
  waitScheduled: [dueAt: number];
}

/** A request the runner refuses: `not_found` (no such workflow/execution) or `invalid`. */
export class RunError extends Error {
  override name = 'RunError';
  constructor(readonly code: 'not_found' | 'invalid' | 'conflict', message: string) {
    super(message);
  }
}

export interface Runner {
  /** Creates the execution (trigger step checkpointed) and starts running it; resolves once created. */
  start(request: StartRequest): Promise<ExecutionRecord>;
  /** Resolves when the execution is no longer `running` (or after `timeoutMs` with its state then). */
  settled(executionId: string, timeoutMs: number): Promise<ExecutionRecord | null>;
  /** Resolves with the webhook response once there is one, or null when it settles without one. */
  response(executionId: string, timeoutMs: number): Promise<WebhookResponse | null>;
  /** Cancels a running or waiting execution; its waits are removed. */
  cancel(executionId: string): Promise<ExecutionRecord | null>;
  /** Continues executions that hold pending steps (recovery at start, waits that fell due). */
  resume(executionId: string): void;
  readonly events: EventEmitter<RunnerEvents>;
  /** A workflow version compiled for execution (cached: versions never change). */
  graphOf(workflowId: string, version: number): Promise<CompiledGraph>;
  /** Resolves when nothing is running (for shutdown and tests). */
  idle(): Promise<void>;
  /** How many executions this process is driving now. */
  readonly activeCount: number;
  /** Resolves once fewer than `count` executions are being driven (back-pressure for the scheduler). */
  whenBelow(count: number): Promise<void>;
}
