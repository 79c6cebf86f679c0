// Param pieces more than one node uses.
import { isTemplate } from '@tern/shared';
import { z } from 'zod';

/** An HTTP header name: RFC 9110 token characters. */
export const headerNameSchema = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'is not a valid header name');

/** HTTP headers by name. Numbers and booleans (e.g. from a `{{ }}` template) become text. */
export const headersSchema = z.record(
  headerNameSchema,
  z
    .union([z.string(), z.number(), z.boolean()])
    .transform(String)
    // A line break in a value would let it smuggle in headers of its own.
    .refine((value) => !/[\r\n]/.test(value), 'a header value may not contain line breaks'),
);

/**
 * Params that the runtime reads when a workflow is activated (a webhook's path, a cron
 * expression) cannot hold templates: no execution exists yet to render them against. Their
 * schema lets a template through (see `unlessTemplate`) so that the node's check() can name the
 * field on save — a schema issue on a templated value is not reported, as the template usually
 * decides at run time.
 */
export function fixedParamProblems(params: object, fields: readonly string[]): Array<{ field: string; message: string }> {
  return fields
    .filter((field) => isTemplate((params as Record<string, unknown>)[field]))
    .map((field) => ({ field, message: 'is fixed when the workflow is activated, so it cannot hold a template' }));
}

/** A string refinement that skips templates, which `fixedParamProblems` reports instead. */
export function unlessTemplate(problemOf: (value: string) => string | null) {
  return (value: string, ctx: z.RefinementCtx): void => {
    const message = isTemplate(value) ? null : problemOf(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  };
}

/** The message of anything thrown. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
