// Executions, their steps and waits on SQLite: the hot path of every run. Statements are prepared
// once; each method is one transaction.
import { clampLimit, toPage } from '../pagination.js';
import {
  DataJson, EXECUTION_COLUMNS, type ExecutionRow, executionValues, FINISHED, ownedBy, STEP_COLUMNS, type StepRow,
  stepValues, toExecution, toStep, toWait, type WaitRow, waitValues,
} from '../rows/executions.js';
import type { EntryRule, ExecutionFilter, ExecutionRecord, ExecutionRepository, RunState, StateDelta, StepRecord } from '../store.js';
import { journeyEntryGuard } from './journeys.js';
import { pageBounds, readTx, type SqliteContext, toJsonOrNull } from './support.js';

/** The "given" flag of updateExecution's fields. */
function given(value: unknown): number {
  return value === undefined ? 0 : 1;
}

/** The resume info of a wait that fell due, built as text: the wait's state is JSON already. */
function resumeJson(wait: Pick<WaitRow, 'event_type' | 'created_at' | 'state'>): string {
  const reason = wait.event_type === null ? 'time' : 'timeout';
  const state = wait.state === null ? '' : `,"state":${wait.state}`;
  return `{"reason":"${reason}","waitedSince":${JSON.stringify(wait.created_at)}${state}}`;
}

export function sqliteExecutions({ db, write }: SqliteContext): ExecutionRepository {
  const insertExecution = db.prepare(
    `INSERT INTO executions (id, workflow_id, workflow_version, status, mode, trigger, contact_id, error, response,
       started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const stepColumns = `(${STEP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  const insertStep = db.prepare(`INSERT INTO steps ${stepColumns}`);
  // A step's identity (execution, node, seq) never changes; everything else is its checkpoint.
  const upsertStep = db.prepare(
    `INSERT INTO steps ${stepColumns} ON CONFLICT(id) DO UPDATE SET status = excluded.status,
       input = excluded.input, output = excluded.output, port = excluded.port, error = excluded.error,
       attempt = excluded.attempt, resume = excluded.resume, joined = excluded.joined,
       started_at = excluded.started_at, finished_at = excluded.finished_at`,
  );
  const insertWait = db.prepare(
    `INSERT INTO waits (execution_id, step_id, due_at, event_type, event_filter, contact_id, state, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const deleteWaitsOfStep = db.prepare('DELETE FROM waits WHERE step_id = ?');
  // One statement for any subset of fields: each field has a "given" flag (1/0), then its value.
  // A finished execution's status never changes (a late checkpoint from a worker after a cancel).
  const updateExecution = db.prepare(
    `UPDATE executions SET
       status = CASE WHEN status IN ('success', 'error', 'canceled') THEN status WHEN ? THEN ? ELSE status END,
       error = CASE WHEN ? THEN ? ELSE error END,
       response = CASE WHEN ? THEN ? ELSE response END,
       finished_at = CASE WHEN ? THEN ? ELSE finished_at END,
       contact_id = CASE WHEN ? THEN ? ELSE contact_id END
     WHERE id = ?`,
  );
  const selectExecution = db.prepare<[string], ExecutionRow>(
    `SELECT ${EXECUTION_COLUMNS} FROM executions WHERE id = ?`,
  ).raw();
  // The ids come as one JSON array, so one statement serves any number of them.
  const selectExecutions = db.prepare<[string], ExecutionRow>(
    `SELECT ${EXECUTION_COLUMNS} FROM executions WHERE id IN (SELECT value FROM json_each(?))`,
  ).raw();
  const selectSteps = db.prepare<[string], StepRow>(
    `SELECT ${STEP_COLUMNS} FROM steps WHERE execution_id IN (SELECT value FROM json_each(?)) ORDER BY execution_id, seq`,
  ).raw();
  const selectWaits = db.prepare<[string], WaitRow>(
    'SELECT * FROM waits WHERE execution_id = ? ORDER BY created_at, step_id',
  );
  const selectRunning = db.prepare<[], string>("SELECT id FROM executions WHERE status = 'running'").pluck();
  const selectNextDue = db.prepare<[], number | null>('SELECT min(due_at) FROM waits WHERE due_at IS NOT NULL').pluck();
  const takeDue = db.prepare<[number, number], Pick<WaitRow, 'execution_id' | 'step_id' | 'event_type' | 'state' | 'created_at'>>(
    `DELETE FROM waits WHERE step_id IN (SELECT step_id FROM waits WHERE due_at <= ? ORDER BY due_at LIMIT ?)
     RETURNING execution_id, step_id, event_type, state, created_at`,
  );
  // Only an execution still in progress is woken: a leftover wait of a finished one just goes.
  const wakeExecution = db.prepare(
    "UPDATE executions SET status = 'running' WHERE id = ? AND status IN ('waiting', 'running')",
  );
  const makePending = db.prepare("UPDATE steps SET status = 'pending', resume = ? WHERE id = ?");
  // INDEXED BY: without statistics the planner would pick the status index and sort every
  // finished execution to find the oldest few.
  const pruneOld = db.prepare(
    `DELETE FROM executions WHERE id IN (SELECT id FROM executions INDEXED BY executions_finished_idx
       WHERE finished_at < ? AND status IN (${FINISHED.map((s) => `'${s}'`).join(', ')})
       ORDER BY finished_at LIMIT ?)`,
  );

  // One page statement and one count per filter combination, so each can use its own index
  // ((workflow_id, started_at), (status, started_at) or (started_at)).
  const filtered = new Map<string, { page: ReturnType<SqliteContext['db']['prepare']>; count: ReturnType<SqliteContext['db']['prepare']> }>();
  function listStatements(filter: ExecutionFilter) {
    const key = `${filter.workflowId !== undefined}:${filter.status !== undefined}:${filter.contactId !== undefined}`;
    let statements = filtered.get(key);
    if (!statements) {
      const where = [
        filter.workflowId !== undefined ? 'workflow_id = @workflowId' : '',
        filter.status !== undefined ? 'status = @status' : '',
        // No index of its own: a contact's journeys are read rarely, and every index costs each start.
        filter.contactId !== undefined ? 'contact_id = @contactId' : '',
      ].filter(Boolean);
      const base = where.length ? `WHERE ${where.join(' AND ')}` : '';
      statements = {
        page: db.prepare(
          `SELECT ${EXECUTION_COLUMNS} FROM executions ${base} ${base ? 'AND' : 'WHERE'}
           started_at <= @sortKey AND (started_at < @sortKey OR id < @id)
           ORDER BY started_at DESC, id DESC LIMIT @limit`,
        ).raw(),
        count: db.prepare(`SELECT count(*) FROM executions ${base}`).pluck(),
      };
      filtered.set(key, statements);
    }
    return statements;
  }

  const admits = journeyEntryGuard(db);
  const create = write((e: ExecutionRecord, steps: StepRecord[], entry?: EntryRule) => {
    if (entry !== undefined && e.contactId !== null && !admits(entry, e)) return false;
    const data = new DataJson();
    insertExecution.run(...executionValues(e, data));
    for (const step of steps) insertStep.run(...stepValues(step, data));
    return true;
  });

  const loadMany = readTx(db, (ids: string[]): RunState[] => {
    const json = JSON.stringify(ids);
    const states = new Map<string, RunState>();
    for (const row of selectExecutions.all(json)) {
      const execution = toExecution(row);
      states.set(execution.id, { execution, steps: [] });
    }
    for (const row of selectSteps.all(json)) {
      const step = toStep(row);
      states.get(step.executionId)?.steps.push(step);
    }
    return [...states.values()];
  });

  const apply = write((executionId: string, delta: StateDelta) => {
    const data = new DataJson();
    for (const step of delta.upsertSteps) {
      ownedBy(executionId, step);
      upsertStep.run(...stepValues(step, data));
    }
    // Removal comes before insertion: a step that resumes and waits again in the same delta
    // lists itself in removeWaitsForSteps and keeps its new wait.
    for (const stepId of delta.removeWaitsForSteps) deleteWaitsOfStep.run(stepId);
    for (const w of delta.addWaits) {
      ownedBy(executionId, { id: w.stepId, executionId: w.executionId });
      insertWait.run(...waitValues(w));
    }
    const e = delta.execution;
    if (e) {
      updateExecution.run(
        given(e.status), e.status ?? null, given(e.error), toJsonOrNull(e.error),
        given(e.response), toJsonOrNull(e.response), given(e.finishedAt), e.finishedAt ?? null,
        given(e.contactId), e.contactId ?? null, executionId,
      );
    }
  });

  const list = readTx(db, (filter: ExecutionFilter, limit: number, cursor: string | undefined) => {
    const after = pageBounds(cursor);
    const { page, count } = listStatements(filter);
    const params = {
      ...(filter.workflowId !== undefined && { workflowId: filter.workflowId }),
      ...(filter.status !== undefined && { status: filter.status }),
      ...(filter.contactId !== undefined && { contactId: filter.contactId }),
    };
    const rows = page.all({ ...params, sortKey: after.sortKey, id: after.id, limit: limit + 1 });
    const total = count.get(params) as number;
    const executions = (rows as ExecutionRow[]).map(toExecution);
    return toPage(executions, limit, total, (e) => e, (e) => ({ sortKey: e.startedAt, id: e.id }));
  });

  const resumeDue = write((now: number, limit: number) => {
    const woken = new Map<string, boolean>();
    for (const wait of takeDue.all(now, limit)) {
      let alive = woken.get(wait.execution_id);
      if (alive === undefined) {
        alive = wakeExecution.run(wait.execution_id).changes > 0;
        woken.set(wait.execution_id, alive);
      }
      if (alive) makePending.run(resumeJson(wait), wait.step_id);
    }
    return [...woken].filter(([, alive]) => alive).map(([id]) => id);
  });

  return {
    create,
    async get(id) {
      const row = selectExecution.get(id);
      return row ? toExecution(row) : null;
    },
    load: async (id) => loadMany([id])[0] ?? null,
    loadMany: async (ids) => loadMany(ids),
    list: async (filter, page) => list(filter, clampLimit(page.limit), page.cursor),
    apply,
    listRunning: async () => selectRunning.all(),
    waitsOf: async (executionId) => selectWaits.all(executionId).map(toWait),
    resumeDue: (now, limit) => resumeDue(now, Math.max(0, Math.floor(limit))),
    nextDueAt: async () => selectNextDue.get() ?? null,
    pruneFinished: write((before: string, limit: number) => pruneOld.run(before, Math.max(0, Math.floor(limit))).changes),
  };
}
