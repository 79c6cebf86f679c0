// JSON columns, shared by both stores: each keeps JSON as text in and out (the PostgreSQL store
// reads json/jsonb columns as text too), so SQL NULL and the JSON value `null` stay apart.

/** JSON text for a column; `undefined` becomes SQL NULL (and reads back as `undefined`). */
export function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** For columns whose value is an object or null: null is SQL NULL, not the text `null`. */
export function toJsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export function fromJson(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text);
}

export function fromJsonOrNull<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
