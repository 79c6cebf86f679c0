// Workflows on PostgreSQL: a row per workflow holding a copy of its latest definition, an
// immutable row per saved version, and the webhook routes that active workflows claim.
import type { Workflow } from '@tern/shared';
import { newId } from '../ids.js';
import { clampLimit, pageBounds, toPage } from '../pagination.js';
import {
  firstConflict, methodsOverlap, normalizeRoute, type RouteClaim, type RouteRow, toRoute, toWorkflow, type WorkflowRow,
} from '../rows/workflows.js';
import type { WebhookRoute, WorkflowRepository } from '../store.js';
import { lockFor, type PgContext, type Queryable, readTransaction, transaction } from './support.js';

async function selectWorkflow(db: Queryable, id: string) {
  const { rows } = await db.query<WorkflowRow>('SELECT * FROM workflows WHERE id = $1', [id]);
  return rows[0] ? toWorkflow(rows[0]) : null;
}

export function pgWorkflows({ pool, clock }: PgContext): WorkflowRepository {
  const insertVersion = (client: Queryable, id: string, version: number, json: string, at: string) =>
    client.query('INSERT INTO workflow_versions (workflow_id, version, definition, created_at) VALUES ($1, $2, $3, $4)', [
      id, version, json, at,
    ]);

  return {
    create: (definition) => transaction(pool, async (client) => {
      const now = clock.now();
      const id = newId(now.getTime());
      const createdAt = now.toISOString();
      const json = JSON.stringify(definition);
      const { rows } = await client.query<WorkflowRow>(
        `INSERT INTO workflows (id, name, active, version, active_version, definition, created_at, updated_at)
         VALUES ($1, $2, false, 1, NULL, $3, $4, $4) RETURNING *`,
        [id, definition.name, json, createdAt],
      );
      await insertVersion(client, id, 1, json, createdAt);
      return toWorkflow(rows[0]!);
    }),

    update: (id, definition) => transaction(pool, async (client) => {
      const now = clock.now().toISOString();
      const json = JSON.stringify(definition);
      const { rows } = await client.query<WorkflowRow>(
        `UPDATE workflows SET version = version + 1, name = $1, definition = $2, updated_at = $3 WHERE id = $4 RETURNING *`,
        [definition.name, json, now, id],
      );
      if (!rows[0]) return null;
      await insertVersion(client, id, rows[0].version, json, now);
      return toWorkflow(rows[0]);
    }),

    get: (id) => selectWorkflow(pool, id),

    async getVersion(id, version) {
      const { rows } = await pool.query<{ version: number; definition: string; created_at: string }>(
        'SELECT version, definition, created_at FROM workflow_versions WHERE workflow_id = $1 AND version = $2',
        [id, version],
      );
      const row = rows[0];
      if (!row) return null;
      return { workflowId: id, version: row.version, definition: JSON.parse(row.definition) as Workflow, createdAt: row.created_at };
    },

    async listVersions(id) {
      const { rows } = await pool.query<{ version: number; created_at: string }>(
        'SELECT version, created_at FROM workflow_versions WHERE workflow_id = $1 ORDER BY version',
        [id],
      );
      return rows.map((r) => ({ workflowId: id, version: r.version, createdAt: r.created_at }));
    },

    list: (page) => readTransaction(pool, async (client) => {
      const limit = clampLimit(page.limit);
      const { sortKey, id } = pageBounds(page.cursor);
      // A null `active` switches the filter off (the table is small: no index needed for it).
      const active = page.active ?? null;
      const { rows } = await client.query<WorkflowRow>(
        `SELECT * FROM workflows
         WHERE ($1::boolean IS NULL OR active = $1) AND created_at <= $2 AND (created_at < $2 OR id < $3)
         ORDER BY created_at DESC, id DESC LIMIT $4`,
        [active, sortKey, id, limit + 1],
      );
      const count = await client.query<{ count: number }>(
        'SELECT count(*) FROM workflows WHERE ($1::boolean IS NULL OR active = $1)', [active],
      );
      return toPage(rows, limit, count.rows[0]!.count, toWorkflow, (r) => ({ sortKey: r.created_at, id: r.id }));
    }),

    delete: async (id) => ((await pool.query('DELETE FROM workflows WHERE id = $1', [id])).rowCount ?? 0) > 0,

    activate: (id, claims) => transaction(pool, async (client) => {
      // Route claims overlap across methods (ANY), which no unique index can express: activations
      // take turns instead, as SQLite's single writer makes them.
      await lockFor(client, 'webhook_routes');
      const { rows } = await client.query<WorkflowRow>('SELECT * FROM workflows WHERE id = $1 FOR UPDATE', [id]);
      const workflow = rows[0];
      if (!workflow) throw new Error(`workflow ${id} not found`);
      const wanted = claims.map(normalizeRoute);
      const held = await client.query<RouteRow>(
        'SELECT * FROM webhook_routes WHERE path = ANY($1::text[]) AND workflow_id <> $2',
        [wanted.map((c) => c.path), id],
      );
      const asRoute = (c: RouteClaim): WebhookRoute => ({ ...c, workflowId: id, version: workflow.version });
      // Every check runs before the first write, so a conflict leaves everything as it was.
      const conflict = firstConflict(wanted, (claim) => {
        const other = held.rows.find((r) => r.path === claim.path && methodsOverlap(r.method, claim.method));
        return other ? toRoute(other) : null;
      }, asRoute);
      if (conflict) return { ok: false as const, conflict };
      await client.query('DELETE FROM webhook_routes WHERE workflow_id = $1', [id]);
      if (wanted.length > 0) {
        await client.query(
          `INSERT INTO webhook_routes (path, method, workflow_id, version, node_id)
           SELECT path, method, $3, $4, node_id FROM unnest($1::text[], $2::text[], $5::text[]) AS c(path, method, node_id)`,
          [wanted.map((c) => c.path), wanted.map((c) => c.method), id, workflow.version, wanted.map((c) => c.nodeId)],
        );
      }
      const activated = await client.query<WorkflowRow>(
        'UPDATE workflows SET active = true, active_version = version WHERE id = $1 RETURNING *', [id],
      );
      return { ok: true as const, workflow: toWorkflow(activated.rows[0]!) };
    }),

    deactivate: (id) => transaction(pool, async (client) => {
      const { rows } = await client.query<WorkflowRow>(
        'UPDATE workflows SET active = false, active_version = NULL WHERE id = $1 RETURNING *', [id],
      );
      if (!rows[0]) return null;
      await client.query('DELETE FROM webhook_routes WHERE workflow_id = $1', [id]);
      return toWorkflow(rows[0]);
    }),

    async listActive() {
      const { rows } = await pool.query<WorkflowRow>('SELECT * FROM workflows WHERE active ORDER BY created_at, id');
      return rows.map(toWorkflow);
    },

    async findWebhook(path, method) {
      const key = normalizeRoute({ path, method });
      // An exact method wins over an `ANY` route of the same path.
      const { rows } = await pool.query<RouteRow>(
        `SELECT * FROM webhook_routes WHERE path = $1 AND method IN ($2, 'ANY') ORDER BY method = 'ANY' LIMIT 1`,
        [key.path, key.method],
      );
      return rows[0] ? toRoute(rows[0]) : null;
    },
  };
}
