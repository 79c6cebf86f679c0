// Test fixtures: a real runtime on a temporary SQLite database (or a PostgreSQL schema, see
// testPostgres), with a clock the test moves.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type FakeClock, fakeClock } from '@tern/nodes/testing';
import type { WorkflowInput } from '@tern/shared';
import pg from 'pg';
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
  const postgres = options.store || config.databaseUrl ? null : testPostgres(dataDir);
  const runtime = await createRuntime(postgres ? { ...config, ...postgres.config } : config, options);
  if (options.start) await runtime.start();
  let disposed = false;
  return Object.assign(runtime, {
    dataDir,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await runtime.stop(1_000);
      if (!options.dataDir) {
        rmSync(dataDir, { recursive: true, force: true });
        await postgres?.drop();
      }
    },
  });
}

/**
 * With TERN_TEST_STORE=postgres (the `server-postgres` test project, declared when DATABASE_URL is
 * set), a test runtime keeps its data in PostgreSQL, in a schema named after its data directory:
 * a runtime restarted on the same directory finds its data, and the one that made the directory
 * drops the schema with it.
 */
function testPostgres(dataDir: string) {
  const url = process.env.DATABASE_URL;
  if (process.env.TERN_TEST_STORE !== 'postgres' || !url) return null;
  const schema = `tern_test_${createHash('sha256').update(dataDir).digest('hex').slice(0, 20)}`;
  return {
    config: { databaseUrl: url, databaseSchema: schema },
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Validates and saves a workflow (optionally active), as the API does. */
export async function saveWorkflow(runtime: RuntimeHandle, input: WorkflowInput, options: { activate?: boolean } = {}): Promise<WorkflowRecord> {
  const created = await createWorkflow(runtime, input);
  return options.activate ? activateWorkflow(runtime, created.id) : created;
}
