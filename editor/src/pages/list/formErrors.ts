// Turns a refused request into what a form shows: a message under each field the server named
// (400 `invalid_request` details `{ field, message }`), and the server's message for the rest.
import { ApiError } from '../../api/client.js';

export interface FormErrors {
  /** Messages by field path as the server names it (`password`, `data.host`). */
  fields: Record<string, string>;
  /** What is not about a single field, or everything when no field was named. */
  general: string | null;
}

export function formErrors(err: unknown, knownFields: readonly string[]): FormErrors {
  if (!(err instanceof ApiError)) return { fields: {}, general: err instanceof Error ? err.message : String(err) };
  const fields: Record<string, string> = {};
  let unplaced = err.details.length === 0;
  for (const detail of err.details) {
    const d = detail as { field?: unknown; message?: unknown };
    if (typeof d.field === 'string' && typeof d.message === 'string' && knownFields.includes(d.field)) {
      fields[d.field] ??= d.message;
    } else {
      unplaced = true;
    }
  }
  return { fields, general: unplaced ? err.message : null };
}
