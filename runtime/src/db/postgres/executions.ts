// Executions, their steps and waits on PostgreSQL: the hot path of every run. Each write of the
// hot path is one statement (one round trip, atomic by itself): rows go in as arrays, one per
// column (unnest), so the statement's text is fixed whatever the number of rows, and is prepared
// once per connection (a named statement). Empty arrays simply write nothing. New executions and
// step checkpoints are group-committed (group-commit.ts): those of one event-loop turn share one
// statement.
//
// A deadlock between two of these statements (a resume and a checkpoint of one execution) makes
// PostgreSQL abort one of them, which then runs again (retrying).
import { clampLimit, pageBounds, toPage } from '../pagination.js';
import {
  DataJson, EXECUTION_COLUMNS, type ExecutionRow, executionValues, FINISHED, ownedBy, STEP_COLUMNS, type StepRow,
  stepValues, toExecution, toStep, toWait, type WaitRow, waitValues,
} from '../rows/executions.js';
import { toJsonOrNull } from '../rows/json.js';
import type { ExecutionFilter, ExecutionRecord, ExecutionRepository, RunState, StateDelta, StepRecord } from '../store.js';
import { groupCommit } from './group-commit.js';
import { admitEntry } from './journeys.js';
import { type PgContext, readTransaction, retrying, transaction } from './support.js';

/** Rows of values turned into one array per column. */
function columns(rows: unknown[][], width: number): unknown[][] {
  return Array.from({ length: width }, (_, c) => rows.map((row) => row[c]));
}

const EXECUTION_WIDTH = 11;
const STEP_WIDTH = 14;
const WAIT_WIDTH = 8;

/** The steps' columns as arrays, from parameter `$from` on, in the order of STEP_COLUMNS. */
const stepArrays = (from: number) => {
  const types = ['text', 'text', 'text', 'int', 'text', 'json', 'json', 'text', 'json', 'int', 'json', 'json', 'text', 'text'];
  return `unnest(${types.map((t, i) => `$${from + i}::${t}[]`).join(', ')}) AS s(${STEP_COLUMNS})`;
};

/** One row per step, led by its execution's columns; an execution without steps has one row of NULL step columns. */
const prefixed = (list: string, table: string) => list.split(',').map((c) => `${table}.${c.trim()}`).join(', ');
const LOAD = `SELECT ${prefixed(EXECUTION_COLUMNS, 'e')}, ${prefixed(STEP_COLUMNS, 's')}
  FROM executions e LEFT JOIN steps s ON s.execution_id = e.id WHERE e.id = ANY($1::text[]) ORDER BY e.id, s.seq`;

/** Executions with their first steps, several in one statement (group-commit.ts). */
const CREATE = `WITH execution AS (
    INSERT INTO executions (${EXECUTION_COLUMNS})
    SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::json[], $7::text[], $8::json[],
      $9::json[], $10::text[], $11::text[]))
  INSERT INTO steps (${STEP_COLUMNS}) SELECT * FROM ${stepArrays(EXECUTION_WIDTH + 1)}`;

interface Creation {
  execution: ExecutionRecord;
  steps: StepRecord[];
}

function createValues(creations: Creation[]): unknown[] {
  // One DataJson per execution: its trigger payload is also its first step's input.
  const rows = creations.map((c) => {
    const data = new DataJson();
    return { execution: executionValues(c.execution, data), steps: c.steps.map((s) => stepValues(s, data)) };
  });
  return [...columns(rows.map((r) => r.execution), EXECUTION_WIDTH), ...columns(rows.flatMap((r) => r.steps), STEP_WIDTH)];
}

/**
 * The changes of several executions in one statement (group-commit.ts), their rows merged into
 * arrays: $1 the steps whose waits end, $2-$9 the waits added, $10-$20 per execution its id and
 * the fields it changes (a "given" flag, then the value), $21-$34 the steps. Waits end before new
 * ones are added, so a step that resumes and waits again in one change (it is in both lists)
 * keeps its new wait: its old row is not deleted but replaced by the new one.
 */
const APPLY = `WITH ended AS (
    DELETE FROM waits WHERE step_id = ANY($1::text[]) AND NOT step_id = ANY($3::text[])),
  added AS (
    INSERT INTO waits (execution_id, step_id, due_at, event_type, event_filter, contact_id, state, created_at)
    SELECT * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::json[], $7::text[], $8::json[], $9::text[])
    ON CONFLICT (step_id) DO UPDATE SET execution_id = excluded.execution_id, due_at = excluded.due_at,
      event_type = excluded.event_type, event_filter = excluded.event_filter, contact_id = excluded.contact_id,
      state = excluded.state, created_at = excluded.created_at),
  changed AS (
    UPDATE executions SET
      status = CASE WHEN executions.status IN ('success', 'error', 'canceled') THEN executions.status
        WHEN c.status_given THEN c.status ELSE executions.status END,
      error = CASE WHEN c.error_given THEN c.error ELSE executions.error END,
      response = CASE WHEN c.response_given THEN c.response ELSE executions.response END,
      finished_at = CASE WHEN c.finished_given THEN c.finished_at ELSE executions.finished_at END,
      contact_id = CASE WHEN c.contact_given THEN c.contact_id ELSE executions.contact_id END
    FROM unnest($10::text[], $11::bool[], $12::text[], $13::bool[], $14::json[], $15::bool[], $16::json[], $17::bool[],
      $18::text[], $19::bool[], $20::text[])
      AS c(id, status_given, status, error_given, error, response_given, response, finished_given, finished_at,
        contact_given, contact_id)
    WHERE executions.id = c.id)
  INSERT INTO steps (${STEP_COLUMNS}) SELECT * FROM ${stepArrays(21)}
  ON CONFLICT (id) DO UPDATE SET status = excluded.status, input = excluded.input, output = excluded.output,
    port = excluded.port, error = excluded.error, attempt = excluded.attempt, resume = excluded.resume,
    joined = excluded.joined, started_at = excluded.started_at, finished_at = excluded.finished_at`;

interface Change {
  executionId: string;
  delta: StateDelta;
}

/** An execution's changed fields as a row: a "given" flag, then the value, for each field. */
function executionChange(executionId: string, e: NonNullable<StateDelta['execution']>): unknown[] {
  const field = (value: unknown, json = false) => [value !== undefined, json ? toJsonOrNull(value) : (value ?? null)];
  return [
    executionId, ...field(e.status), ...field(e.error, true), ...field(e.response, true), ...field(e.finishedAt),
    ...field(e.contactId),
  ];
}

function applyValues(changes: Change[]): unknown[] {
  const data = new DataJson();
  return [
    changes.flatMap((c) => c.delta.removeWaitsForSteps),
    ...columns(changes.flatMap((c) => c.delta.addWaits.map(waitValues)), WAIT_WIDTH),
    ...columns(changes.flatMap((c) => (c.delta.execution ? [executionChange(c.executionId, c.delta.execution)] : [])), 11),
    ...columns(changes.flatMap((c) => c.delta.upsertSteps.map((s) => stepValues(s, data))), STEP_WIDTH),
  ];
}

export function pgExecutions({ pool }: PgContext): ExecutionRepository & { drain(): Promise<void> } {
  const creations = groupCommit(
    (batch: Creation[]) => pool.query({ name: 'tern-create-executions', text: CREATE, values: createValues(batch) }),
    (creation) => creation.execution.id,
  );
  const checkpoints = groupCommit(
    (changes: Change[]) => retrying(() => pool.query({ name: 'tern-apply', text: APPLY, values: applyValues(changes) })),
    (change) => change.executionId,
  );

  async function loadMany(ids: string[]): Promise<RunState[]> {
    const { rows } = await pool.query<unknown[]>({ name: 'tern-load-executions', text: LOAD, values: [ids], rowMode: 'array' });
    const states = new Map<string, RunState>();
    for (const row of rows) {
      const id = row[0] as string;
      let state = states.get(id);
      if (!state) {
        state = { execution: toExecution(row.slice(0, EXECUTION_WIDTH) as ExecutionRow), steps: [] };
        states.set(id, state);
      }
      if (row[EXECUTION_WIDTH] !== null) state.steps.push(toStep(row.slice(EXECUTION_WIDTH) as StepRow));
    }
    return [...states.values()];
  }

  return {
    async drain() {
      await creations.drain();
      await checkpoints.drain();
    },
    async create(execution, steps, entry) {
      if (entry === undefined || execution.contactId === null) {
        await creations.write({ execution, steps });
        return true;
      }
      // A journey's re-entry rule: checked and recorded in the transaction that creates the run.
      return transaction(pool, async (client) => {
        if (!(await admitEntry(client, entry, execution))) return false;
        await client.query({ name: 'tern-create-executions', text: CREATE, values: createValues([{ execution, steps }]) });
        return true;
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
        // No index of its own: a contact's journeys are read rarely, and every index costs each start.
        filter.contactId !== undefined ? `contact_id = $${params.push(filter.contactId)}` : '',
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
      await checkpoints.write({ executionId, delta });
    },

    async listRunning() {
      const { rows } = await pool.query<{ id: string }>("SELECT id FROM executions WHERE status = 'running'");
      return rows.map((r) => r.id);
    },

    async waitsOf(executionId) {
      const { rows } = await pool.query<WaitRow>('SELECT * FROM waits WHERE execution_id = $1 ORDER BY created_at, step_id', [executionId]);
      return rows.map(toWait);
    },

    resumeDue: (now, limit) => retrying(async () => {
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
    }),

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
