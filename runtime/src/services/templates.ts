// The template gallery: ready-made journeys in examples/templates/*.json (a workflow with a
// `category`), listed by GET /api/templates and `tern templates`, and turned into a workflow of
// one's own by POST /api/templates/:id/use or `tern templates use`. Credentials are left empty in
// the files: using a template fills them in by type, or the save says which node needs which.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowInput } from '@tern/shared';
import { z } from 'zod';
import type { WorkflowRecord } from '../db/store.js';
import { HttpError, notFound } from '../http/errors.js';
import { parseBody } from '../http/validate.js';
import { credentialTypesIn, toJsonSchema } from '../plugins/schema-checks.js';
import type { Runtime } from '../runtime.js';
import { createWorkflow } from './workflows.js';

export const TEMPLATES_DIR = fileURLToPath(new URL('../../../examples/templates', import.meta.url));

export interface WorkflowTemplate {
  /** The file's name without `.json`. */
  id: string;
  name: string;
  description: string;
  category: string;
  workflow: WorkflowInput;
}

const templateFile = z.object({
  name: z.string().min(1),
  description: z.string().min(1),
  category: z.string().min(1),
}).passthrough();

let cached: WorkflowTemplate[] | null = null;

/** Every template, read once; a broken file is a bug in Tern, so it throws naming the file. */
export function loadTemplates(dir = TEMPLATES_DIR): WorkflowTemplate[] {
  if (dir === TEMPLATES_DIR && cached) return cached;
  const templates = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((file) => {
    const parsed = templateFile.safeParse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
    if (!parsed.success) throw new Error(`template ${file} needs a name, a description and a category`);
    const { category, ...workflow } = parsed.data;
    return { id: file.slice(0, -'.json'.length), name: workflow.name, description: workflow.description, category, workflow: workflow as WorkflowInput };
  });
  if (dir === TEMPLATES_DIR) cached = templates;
  return templates;
}

export function getTemplate(id: string): WorkflowTemplate {
  const template = loadTemplates().find((t) => t.id === id);
  if (!template) throw notFound('template');
  return template;
}

export const useTemplateBody = z.object({
  /** A name for the new workflow; default: the template's. */
  name: z.string().trim().min(1).max(200).optional(),
  /** The credential (its id) for every node of the template that takes one of this type. */
  credentials: z.record(z.string().min(1), z.string().min(1, 'must name a credential by its id')).optional(),
}).strict();

/** Creates a workflow from the template (inactive), with the credentials given filled in. */
export async function useTemplate(runtime: Runtime, id: string, raw: unknown): Promise<WorkflowRecord> {
  const template = getTemplate(id);
  const body = parseBody(useTemplateBody, raw);
  const credentials = body.credentials ?? {};
  for (const [type, credentialId] of Object.entries(credentials)) {
    const found = await runtime.store.credentials.get(credentialId);
    if (!found || found.type !== type) {
      const message = found ? `is a ${found.type} credential, not ${type}` : 'no credential has this id';
      throw new HttpError(400, 'invalid_request', `invalid request body: credentials.${type}: ${message}`, [{ field: `credentials.${type}`, message }]);
    }
  }
  const workflow = structuredClone(template.workflow);
  if (body.name) workflow.name = body.name;
  for (const node of workflow.nodes) {
    if (node.params?.credential !== '') continue;
    const type = credentialTypesOf(runtime, node.type, node.version).find((t) => credentials[t] !== undefined);
    if (type) node.params.credential = credentials[type];
  }
  return createWorkflow(runtime, workflow);
}

/** The credential types to pick when using the template: for each node left without one, the
 *  first type it accepts (the editor asks for one credential per type, as `use` fills them in). */
export function credentialsNeeded(runtime: Runtime, template: WorkflowTemplate): string[] {
  const types = template.workflow.nodes
    .filter((node) => node.params?.credential === '')
    .map((node) => credentialTypesOf(runtime, node.type, node.version)[0])
    .filter((type): type is string => type !== undefined);
  return [...new Set(types)];
}

/** The credential types a node's params accept (from its schema's `credentialTypes` hints). */
function credentialTypesOf(runtime: Runtime, type: string, version: number): string[] {
  const definition = runtime.catalogue.get(type, version);
  const json = definition ? toJsonSchema(definition.params as z.ZodType) : null;
  return json?.ok ? credentialTypesIn(json.json) : [];
}
