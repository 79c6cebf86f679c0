// POST /api/render: a node's params rendered for a chosen (or made-up) contact and trigger, as a
// step would render them — the editor's email preview. Rendered, not parsed: a form still being
// filled in previews as far as it goes.
import { ParamError, renderParams } from '@tern/shared';
import { z } from 'zod';
import { isoTime } from '../engine/iso-time.js';
import { HttpError } from '../http/errors.js';
import { parseBody } from '../http/validate.js';
import type { Runtime } from '../runtime.js';
import { previewContact, previewContactFields } from './preview-context.js';

const renderBody = z.object({
  node: z.object({
    type: z.string().min(1, 'name the node type, e.g. email.send'),
    version: z.number().int().positive(),
    params: z.record(z.string(), z.unknown(), { error: 'must be an object' }).default({}),
  }).strict(),
  ...previewContactFields,
  /** What templates read as `trigger` (the trigger's output). */
  trigger: z.unknown().optional(),
}).strict();

export async function renderPreview(runtime: Runtime, raw: unknown): Promise<{ params: Record<string, unknown> }> {
  const body = parseBody(renderBody, raw);
  const { type, version, params } = body.node;
  const definition = runtime.catalogue.get(type, version);
  if (!definition) {
    throw new HttpError(400, 'invalid_request', `invalid request body: node.type: no node ${type}@${version} in the catalogue`,
      [{ field: 'node.type', message: `no node ${type}@${version} in the catalogue` }]);
  }
  const contact = await previewContact(runtime, body);
  const data = {
    trigger: body.trigger ?? null, contact, steps: {},
    workflow: { id: 'preview', name: 'Preview', version: 0, settings: {} },
    execution: { id: 'preview', mode: 'manual', startedAt: isoTime(runtime.clock.now()) },
  };
  try {
    return { params: renderParams(definition, params, data) };
  } catch (err) {
    if (!(err instanceof ParamError)) throw err;
    const field = `node.${err.field}`;
    const message = err.message.slice(err.field.length + 2);
    throw new HttpError(400, 'invalid_template', `${field}: ${message}`, [{ field, message }]);
  }
}
