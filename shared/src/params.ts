// Turning a node's raw params into the typed params execute() gets: render templates against the
// execution context, then parse with the node's schema. The runtime and runNode() both use this,
// so a node behaves the same under test as in production.
import type { z } from 'zod';
import type { AnyNodeDefinition, ExecutionContextData } from './node-contract.js';
import { explainIssues, joinPath } from './problems.js';
import { type TemplateEngine, TemplateError, templates as defaultTemplates } from './template.js';

/** A param that could not be resolved or parsed at run time; `field` names it. */
export class ParamError extends Error {
  override name = 'ParamError';
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
  }
}

export function resolveParams<D extends AnyNodeDefinition>(
  definition: D,
  raw: Record<string, unknown>,
  data: ExecutionContextData,
  engine: TemplateEngine = defaultTemplates,
): z.output<D['params']> {
  const rendered = renderParams(definition, raw, data, engine);
  const parsed = (definition.params as z.ZodType).safeParse(rendered);
  if (!parsed.success) {
    const issue = explainIssues(parsed.error.issues)[0]!;
    throw new ParamError(joinPath('params', issue.path), issue.message);
  }
  return parsed.data as z.output<D['params']>;
}

/** The params with their templates rendered (raw params as written), not yet parsed: what a step
 *  would see, also for a form still being filled in (the editor's preview). */
export function renderParams(
  definition: Pick<AnyNodeDefinition, 'rawParams'>,
  raw: Record<string, unknown>,
  data: ExecutionContextData,
  engine: TemplateEngine = defaultTemplates,
): Record<string, unknown> {
  const rawKeys = new Set(definition.rawParams ?? []);
  const rendered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    try {
      rendered[key] = rawKeys.has(key) ? value : engine.resolve(value, data);
    } catch (err) {
      if (err instanceof TemplateError) throw new ParamError(`params.${key}`, err.message);
      throw err;
    }
  }
  return rendered;
}
