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
  return explainIssues(error.issues).map((issue) => ({
    ...extra,
    field: joinPath(prefix, issue.path),
    message: issue.message,
    code: issue.code,
  }));
}

/**
 * A failed union says only "Invalid input". Where one of its branches came close (it failed on
 * fewer fields than the others), report that branch's issues instead: "rules.0.op: must be one of
 * …" tells a user what to fix.
 */
export function explainIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
    if (closest.length === 0) return [issue];
    return explainIssues(closest.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
  });
}

export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  const parts = [prefix, ...path.map((p) => String(p))].filter((p) => p !== '');
  return parts.join('.') || '(root)';
}
