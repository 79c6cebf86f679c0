import type { z } from 'zod';

/** One thing wrong with a workflow or a request, named by node and field so a user can find it. */
export interface Problem {
  /** The node it concerns, when it concerns one. */
  nodeId?: string;
  /** The edge it concerns, when it concerns one. */
  edgeId?: string;
  /** Dotted path of the field, e.g. `params.rules.0.op` or `nodes`. */
  field: string;
  message: string;
  code: string;
}

/** Turns zod issues into problems, prefixing each path. */
export function problemsFromZod(error: z.ZodError, prefix = '', extra: Partial<Problem> = {}): Problem[] {
  return error.issues.map((issue) => ({
    ...extra,
    field: joinPath(prefix, issue.path),
    message: issue.message,
    code: issue.code,
  }));
}

export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  const parts = [prefix, ...path.map((p) => String(p))].filter((p) => p !== '');
  return parts.join('.') || '(root)';
}
