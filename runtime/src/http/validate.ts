// Request bodies and queries are parsed with zod; a bad one answers 400 naming every field.
import { joinPath } from '@tern/shared';
import { z } from 'zod';
import { HttpError } from './errors.js';

export interface FieldProblem {
  field: string;
  message: string;
}

export function fieldProblems(error: z.ZodError, prefix: string): FieldProblem[] {
  return error.issues.map((issue) => ({ field: joinPath(prefix, issue.path), message: issue.message }));
}

/** Parses `value`; a 400 `invalid_request` names each bad field by its path (after `prefix`). */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query',
  prefix = '',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = fieldProblems(result.error, prefix);
  const summary = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  throw new HttpError(400, 'invalid_request', `invalid request ${where}: ${summary}`, problems);
}

/** The request body, parsed; a missing body reads as `{}` so that required fields are named. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return parseInput(schema, body ?? {}, 'body');
}

export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  return parseInput(schema, query, 'query');
}

/** `?limit=&cursor=` of every list: default 50, at most 1000. */
export const pageQuery = z.object({
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000').default(50),
  cursor: z.string().min(1).optional(),
});

/** `?wait=true` of the routes that start an execution: answer with it once it settles. */
export const waitQuery = z.object({ wait: z.enum(['true', 'false']).transform((v) => v === 'true').default(false) });
