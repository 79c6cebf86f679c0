// Executions, their steps and waits on PostgreSQL: the hot path of every run. Many rows go in
// one statement as arrays (unnest), so each statement's text is fixed and prepared once per
// connection (named statements) whatever the number of rows.
//
// Lock order: every transaction that touches one execution's rows takes its waits first, then the
// execution, then its steps (apply, resumeDue, eventWaits.resume), so two of them cannot
// deadlock on each other; if PostgreSQL still picks a victim, the transaction runs again.
import { clampLimit, pageBounds, toPage } from '../pagination.js';
import {
  DataJson, EXECUTION_COLUMNS, type ExecutionRow, executionValues, FINISHED, ownedBy, STEP_COLUMNS, type StepRow,
  stepValues, toExecution, toStep, toWait, type WaitRow, waitValues,
} from '../rows/executions.js';
import { toJsonOrNull } from '../rows/json.js';
import type { ExecutionFilter, ExecutionRepository, RunState, StateDelta, StepRecord } from '../store.js';
import { type PgContext, placeholders, type Queryable, readTransaction, transaction } from './support.js';

/** The steps' columns as arrays, one per column, in the order of STEP_COLUMNS. */
const STEP_ARRAYS = `unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::json[], $7::json[], $8::text[],
  $9::json[], $10::int[], $11::json[], $12::json[], $13::text[], $14::text[]) AS s(${STEP_COLUMNS})`;

/** Rows of values turned into one array per column. */
function columns(rows: unknown[][], width: number): unknown[][] {
  return Array.from({ length: width }, (_, c) => rows.map((row) => row[c]));
}

const stepColumns = (steps: StepRecord[], data: DataJson) => columns(steps.map((s) => stepValues(s, data)), 14);

const insertSteps = (db: Queryable, steps: StepRecord[], data: DataJson) =>
  db.query({ name: 'tern-insert-steps', text: `INSERT INTO steps (${STEP_COLUMNS}) SELECT * FROM ${STEP_ARRAYS}`, values: stepColumns(steps, data) });

/** The "given" flag and the value of an execution field that apply may change. */
const field = (value: unknown, json = false) => [value !== undefined, json ? toJsonOrNull(value) : (value ?? null)];

export function pgExecutions({ pool }: PgContext): ExecutionRepository {
  const loadMany = (ids: string[]) => readTransaction(pool, async (client): Promise<RunState[]> => {
    const executions = await client.query<ExecutionRow>({
      name: 'tern-select-executions', text: `SELECT ${EXECUTION_COLUMNS} FROM executions WHERE id = ANY($1::text[])`,
      values: [ids], rowMode: 'array',
    });
    const states = new Map<string, RunState>();
    for (const row of executions.rows) {
      const execution = toExecution(row);
      states.set(execution.id, { execution, steps: [] });
    }
    if (states.size === 0) return [];
    const steps = await client.query<StepRow>({
      name: 'tern-select-steps',
      text: `SELECT ${STEP_COLUMNS} FROM steps WHERE execution_id = ANY($1::text[]) ORDER BY execution_id, seq`,
      values: [[...states.keys()]], rowMode: 'array',
    });
    for (const row of steps.rows) {
      const step = toStep(row);
      states.get(step.executionId)?.steps.push(step);
    }
    return [...states.values()];
  });

  async function apply(client: Queryable, executionId: string, delta: StateDelta): Promise<void> {
    // Removal comes before insertion: a step that resumes and waits again in the same delta
    // lists itself in removeWaitsForSteps and keeps its new wait.
    if (delta.removeWaitsForSteps.length > 0) {
      await client.query({
        name: 'tern-delete-waits', text: 'DELETE FROM waits WHERE step_id = ANY($1::text[])', values: [delta.removeWaitsForSteps],
      });
    }
    if (delta.addWaits.length > 0) {
      await client.query({
        name: 'tern-insert-waits',
        text: `INSERT INTO waits (execution_id, step_id, due_at, event_type, event_filter, contact_id, state, created_at)
               SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::json[], $6::text[], $7::json[], $8::text[])`,
        values: columns(delta.addWaits.map(waitValues), 8),
      });
    }
    const e = delta.execution;
    if (e) {
      // One statement for any subset of fields: each field has a "given" flag, then its value.
      await client.query({
        name: 'tern-update-execution',
        text: `UPDATE executions SET
                 status = CASE WHEN $1 THEN $2 ELSE status END,
                 error = CASE WHEN $3 THEN $4::json ELSE error END,
                 response = CASE WHEN $5 THEN $6::json ELSE response END,
                 finished_at = CASE WHEN $7 THEN $8 ELSE finished_at END,
                 contact_id = CASE WHEN $9 THEN $10 ELSE contact_id END
               WHERE id = $11`,
        values: [
          ...field(e.status), ...field(e.error, true), ...field(e.response, true), ...field(e.finishedAt),
          ...field(e.contactId), executionId,
        ],
      });
    }
    if (delta.upsertSteps.length > 0) {
      // A step's identity (execution, node, seq) never changes; everything else is its checkpoint.
      await client.query({
        name: 'tern-upsert-steps',
        text: `INSERT INTO steps (${STEP_COLUMNS}) SELECT * FROM ${STEP_ARRAYS}
               ON CONFLICT (id) DO UPDATE SET status = excluded.status, input = excluded.input, output = excluded.output,
                 port = excluded.port, error = excluded.error, attempt = excluded.attempt, resume = excluded.resume,
                 joined = excluded.joined, started_at = excluded.started_at, finished_at = excluded.finished_at`,
        values: stepColumns(delta.upsertSteps, new DataJson()),
      });
    }
  }

  return {
    async create(e, steps) {
      const data = new DataJson();
      const values = executionValues(e, data);
      const insert = `INSERT INTO executions (${EXECUTION_COLUMNS}) VALUES (${placeholders(values.length)})`;
      if (steps.length === 0) {
        await pool.query({ name: 'tern-insert-execution', text: insert, values });
        return;
      }
      await transaction(pool, async (client) => {
        await client.query({ name: 'tern-insert-execution', text: insert, values });
        await insertSteps(client, steps, data);
      });
    },

    async get(id) {
      const { rows } = await pool.query<ExecutionRow>({
        name: 'tern-select-execution', text: `SELECT ${EXECUTION_COLUMNS} FROM executions WHERE id = $1`, values: [id], rowMode: 'array',
      });
      return rows[0] ? toExecution(rows[0]) : null;
    },

    load: async (id) => (await loadMany([id]))[0] ?? null,
    loadMany: async (ids) => (ids.length === 0 ? [] : loadMany(ids)),

    list: (filter: ExecutionFilter, page) => readTransaction(pool, async (client) => {
      const limit = clampLimit(page.limit);
      const { sortKey, id } = pageBounds(page.cursor);
      // Each filter combination is its own statement, so each can use its own index
      // ((workflow_id, started_at), (status, started_at) or (started_at)).
      const params: unknown[] = [];
      const where = [
        filter.workflowId !== undefined ? `workflow_id = $${params.push(filter.workflowId)}` : '',
        filter.status !== undefined ? `status = $${params.push(filter.status)}` : '',
      ].filter(Boolean);
      const base = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const n = params.length;
      const { rows } = await client.query<ExecutionRow>({
        text: `SELECT ${EXECUTION_COLUMNS} FROM executions ${base} ${base ? 'AND' : 'WHERE'}
               started_at <= $${n + 1} AND (started_at < $${n + 1} OR id < $${n + 2})
               ORDER BY started_at DESC, id DESC LIMIT $${n + 3}`,
        values: [...params, sortKey, id, limit + 1],
        rowMode: 'array',
      });
      const count = await client.query<{ count: number }>(`SELECT count(*) FROM executions ${base}`, params);
      const executions = rows.map(toExecution);
      return toPage(executions, limit, count.rows[0]!.count, (e) => e, (e) => ({ sortKey: e.startedAt, id: e.id }));
    }),

    async apply(executionId, delta) {
      for (const step of delta.upsertSteps) ownedBy(executionId, step);
      for (const w of delta.addWaits) ownedBy(executionId, { id: w.stepId, executionId: w.executionId });
      const statements = (delta.removeWaitsForSteps.length > 0 ? 1 : 0) + (delta.addWaits.length > 0 ? 1 : 0)
        + (delta.execution ? 1 : 0) + (delta.upsertSteps.length > 0 ? 1 : 0);
      // A single statement is atomic by itself: BEGIN and COMMIT would only add two round trips.
      if (statements <= 1) await apply(pool, executionId, delta);
      else await transaction(pool, (client) => apply(client, executionId, delta));
    },

    async listRunning() {
      const { rows } = await pool.query<{ id: string }>("SELECT id FROM executions WHERE status = 'running'");
      return rows.map((r) => r.id);
    },

    async waitsOf(executionId) {
      const { rows } = await pool.query<WaitRow>('SELECT * FROM waits WHERE execution_id = $1 ORDER BY created_at, step_id', [executionId]);
      return rows.map(toWait);
    },

    async resumeDue(now, limit) {
      // One statement: take the earliest due waits that no other transaction holds (SKIP LOCKED:
      // two processes sweeping at once take different waits), wake their executions if still in
      // progress (a leftover wait of a finished one just goes), and mark their steps pending with
      // the resume info: reason `time`, or `timeout` for an event wait.
      const { rows } = await pool.query<{ id: string }>({
        name: 'tern-resume-due',
        text: `WITH taken AS (
                 DELETE FROM waits WHERE step_id IN (
                   SELECT step_id FROM waits WHERE due_at IS NOT NULL AND due_at <= $1 ORDER BY due_at LIMIT $2
                   FOR UPDATE SKIP LOCKED)
                 RETURNING execution_id, step_id, event_type, state, created_at),
               woken AS (
                 UPDATE executions SET status = 'running'
                 WHERE id IN (SELECT execution_id FROM taken) AND status IN ('waiting', 'running') RETURNING id),
               pending AS (
                 UPDATE steps SET status = 'pending', resume = CASE WHEN taken.state IS NULL
                   THEN json_build_object('reason', CASE WHEN taken.event_type IS NULL THEN 'time' ELSE 'timeout' END,
                     'waitedSince', taken.created_at)
                   ELSE json_build_object('reason', CASE WHEN taken.event_type IS NULL THEN 'time' ELSE 'timeout' END,
                     'waitedSince', taken.created_at, 'state', taken.state) END
                 FROM taken WHERE steps.id = taken.step_id AND taken.execution_id IN (SELECT id FROM woken) RETURNING 1)
               SELECT id FROM woken`,
        values: [now, Math.max(0, Math.floor(limit))],
      });
      return rows.map((r) => r.id);
    },

    async nextDueAt() {
      const { rows } = await pool.query<{ due: number | null }>('SELECT min(due_at) AS due FROM waits WHERE due_at IS NOT NULL');
      return rows[0]?.due ?? null;
    },

    async pruneFinished(before, limit) {
      const result = await pool.query(
        `DELETE FROM executions WHERE id IN (SELECT id FROM executions
           WHERE finished_at IS NOT NULL AND finished_at < $1 AND status IN (${FINISHED.map((s) => `'${s}'`).join(', ')})
           ORDER BY finished_at LIMIT $2)`,
        [before, Math.max(0, Math.floor(limit))],
      );
      return result.rowCount ?? 0;
    },
  };
}
