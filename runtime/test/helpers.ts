// Test fixtures: a real runtime on a temporary SQLite database, with a clock the test moves.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type FakeClock, fakeClock } from '@tern/nodes/testing';
import type { WorkflowInput } from '@tern/shared';
import { type Config, loadConfig } from '../src/config.js';
import { createRuntime, type RuntimeHandle, type RuntimeOverrides } from '../src/create-runtime.js';
import type { WorkflowRecord } from '../src/db/store.js';
import { activateWorkflow, createWorkflow } from '../src/services/workflows.js';

/** A clock that only moves when told to ("wait 3 days" takes a millisecond): the node harness's
 *  fake clock, starting on a Monday morning unless told otherwise. */
export const testClock = (start: Date | string = '2026-01-05T09:00:00Z'): FakeClock => fakeClock(start);
export type { FakeClock };

export interface TestRuntime extends RuntimeHandle {
  dataDir: string;
  /** Stops the runtime and deletes its data. */
  dispose(): Promise<void>;
}

export interface TestRuntimeOptions extends RuntimeOverrides {
  config?: Partial<Config>;
  /** Start recovery, schedules and the wait scheduler (off by default: tests tick it themselves). */
  start?: boolean;
  /** Reuse a data directory (to restart a runtime on the same database). */
  dataDir?: string;
}

export async function createTestRuntime(options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'tern-test-'));
  // No editor unless a test gives one: what `/` serves must not depend on whether editor/dist is built.
  const config = loadConfig({}, {
    dataDir, logLevel: 'silent', sweepIntervalMs: 3_600_000, editorDir: path.join(dataDir, 'no-editor'), ...options.config,
  });
  const runtime = await createRuntime(config, options);
  if (options.start) await runtime.start();
  let disposed = false;
  return Object.assign(runtime, {
    dataDir,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await runtime.stop(1_000);
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** Validates and saves a workflow (optionally active), as the API does. */
export async function saveWorkflow(runtime: RuntimeHandle, input: WorkflowInput, options: { activate?: boolean } = {}): Promise<WorkflowRecord> {
  const created = await createWorkflow(runtime, input);
  return options.activate ? activateWorkflow(runtime, created.id) : created;
}
