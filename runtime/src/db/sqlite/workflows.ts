// Workflows on SQLite: a row per workflow holding a copy of its latest definition, an immutable
// row per saved version, and the webhook routes that active workflows claim.
import type { Workflow } from '@tern/shared';
import { newId } from '../ids.js';
import { type CursorKey, clampLimit, toPage } from '../pagination.js';
import {
  firstConflict, normalizeRoute, type RouteClaim, type RouteRow, toRoute, toWorkflow, type WorkflowRow,
} from '../rows/workflows.js';
import type { WebhookRoute, WorkflowRepository } from '../store.js';
import { pageBounds, readTx, type SqliteContext } from './support.js';

export function sqliteWorkflows({ db, write, clock }: SqliteContext): WorkflowRepository {
  const select = db.prepare<[string], WorkflowRow>('SELECT * FROM workflows WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO workflows (id, name, active, version, active_version, definition, created_at, updated_at)
     VALUES (?, ?, 0, 1, NULL, ?, ?, ?)`,
  );
  const bump = db.prepare<[string, string, string, string], { version: number }>(
    `UPDATE workflows SET version = version + 1, name = ?, definition = ?, updated_at = ?
     WHERE id = ? RETURNING version`,
  );
  const insertVersion = db.prepare(
    'INSERT INTO workflow_versions (workflow_id, version, definition, created_at) VALUES (?, ?, ?, ?)',
  );
  const selectVersion = db.prepare<[string, number], { version: number; definition: string; created_at: string }>(
    'SELECT version, definition, created_at FROM workflow_versions WHERE workflow_id = ? AND version = ?',
  );
  const selectVersions = db.prepare<[string], { version: number; created_at: string }>(
    'SELECT version, created_at FROM workflow_versions WHERE workflow_id = ? ORDER BY version',
  );
  // A null `active` switches the filter off (the table is small: no index needed for it).
  const selectPage = db.prepare<[CursorKey & { active: number | null; limit: number }], WorkflowRow>(
    `SELECT * FROM workflows
     WHERE (@active IS NULL OR active = @active) AND created_at <= @sortKey AND (created_at < @sortKey OR id < @id)
     ORDER BY created_at DESC, id DESC LIMIT @limit`,
  );
  const count = db.prepare<[{ active: number | null }], number>(
    'SELECT count(*) FROM workflows WHERE (@active IS NULL OR active = @active)',
  ).pluck();
  const remove = db.prepare('DELETE FROM workflows WHERE id = ?');
  const selectActive = db.prepare<[], WorkflowRow>('SELECT * FROM workflows WHERE active = 1 ORDER BY created_at, id');
  const setActive = db.prepare('UPDATE workflows SET active = 1, active_version = version WHERE id = ?');
  const setInactive = db.prepare('UPDATE workflows SET active = 0, active_version = NULL WHERE id = ?');
  const clashing = db.prepare<[{ path: string; method: string; workflowId: string }], RouteRow>(
    `SELECT * FROM webhook_routes WHERE path = @path AND workflow_id <> @workflowId
       AND (method = @method OR method = 'ANY' OR @method = 'ANY') LIMIT 1`,
  );
  const releaseRoutes = db.prepare('DELETE FROM webhook_routes WHERE workflow_id = ?');
  const claimRoute = db.prepare(
    'INSERT INTO webhook_routes (path, method, workflow_id, version, node_id) VALUES (?, ?, ?, ?, ?)',
  );
  // An exact method wins over an `ANY` route of the same path.
  const route = db.prepare<[string, string], RouteRow>(
    `SELECT * FROM webhook_routes WHERE path = ? AND method IN (?, 'ANY') ORDER BY method = 'ANY' LIMIT 1`,
  );

  const get = (id: string) => {
    const row = select.get(id);
    return row ? toWorkflow(row) : null;
  };

  const create = write((definition: Workflow) => {
    const now = clock.now();
    const id = newId(now.getTime());
    const createdAt = now.toISOString();
    const json = JSON.stringify(definition);
    insert.run(id, definition.name, json, createdAt, createdAt);
    insertVersion.run(id, 1, json, createdAt);
    return get(id)!;
  });

  const update = write((id: string, definition: Workflow) => {
    const now = clock.now().toISOString();
    const json = JSON.stringify(definition);
    const bumped = bump.get(definition.name, json, now, id);
    if (!bumped) return null;
    insertVersion.run(id, bumped.version, json, now);
    return get(id);
  });

  const list = readTx(db, (active: boolean | undefined, limit: number, cursor: string | undefined) => {
    const flag = active === undefined ? null : Number(active);
    const rows = selectPage.all({ ...pageBounds(cursor), active: flag, limit: limit + 1 });
    return toPage(rows, limit, count.get({ active: flag })!, toWorkflow, (r) => ({ sortKey: r.created_at, id: r.id }));
  });

  const activate = write((id: string, claims: RouteClaim[]) => {
    const workflow = select.get(id);
    if (!workflow) throw new Error(`workflow ${id} not found`);
    const wanted = claims.map(normalizeRoute);
    const asRoute = (c: RouteClaim): WebhookRoute => ({ ...c, workflowId: id, version: workflow.version });
    // Every check runs before the first write, so a conflict leaves everything as it was.
    const conflict = firstConflict(wanted, (claim) => {
      const other = clashing.get({ path: claim.path, method: claim.method, workflowId: id });
      return other ? toRoute(other) : null;
    }, asRoute);
    if (conflict) return { ok: false as const, conflict };
    releaseRoutes.run(id);
    for (const claim of wanted) claimRoute.run(claim.path, claim.method, id, workflow.version, claim.nodeId);
    setActive.run(id);
    return { ok: true as const, workflow: get(id)! };
  });

  const deactivate = write((id: string) => {
    if (setInactive.run(id).changes === 0) return null;
    releaseRoutes.run(id);
    return get(id);
  });

  return {
    create,
    update,
    get: async (id) => get(id),
    async getVersion(id, version) {
      const row = selectVersion.get(id, version);
      if (!row) return null;
      return { workflowId: id, version: row.version, definition: JSON.parse(row.definition) as Workflow, createdAt: row.created_at };
    },
    async listVersions(id) {
      return selectVersions.all(id).map((r) => ({ workflowId: id, version: r.version, createdAt: r.created_at }));
    },
    list: async (page) => list(page.active, clampLimit(page.limit), page.cursor),
    delete: write((id: string) => remove.run(id).changes > 0),
    activate,
    deactivate,
    listActive: async () => selectActive.all().map(toWorkflow),
    async findWebhook(path, method) {
      const key = normalizeRoute({ path, method });
      const row = route.get(key.path, key.method);
      return row ? toRoute(row) : null;
    },
  };
}
