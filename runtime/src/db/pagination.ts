// Keyset pagination shared by every store: newest first, by a sort key and the id as tie-breaker.
// The cursor is opaque to clients (base64url of JSON [sortKey, id]), so the sort key may change
// without breaking the API.

/** Thrown for a cursor that this store did not hand out; the HTTP layer answers 400. */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
  constructor() {
    super('invalid cursor: pass the nextCursor of a previous page unchanged');
  }
}

export interface CursorKey {
  sortKey: string;
  id: string;
}

export const MAX_PAGE_SIZE = 1000;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.sortKey, key.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorKey | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return { sortKey: value[0] as string, id: value[1] as string };
    }
  } catch {
    // falls through to the error below
  }
  throw new InvalidCursorError();
}

/** A limit within 1..MAX_PAGE_SIZE (the HTTP layer applies the default of 50). */
export function clampLimit(limit: number): number {
  if (!Number.isFinite(limit)) return MAX_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(limit)));
}

/**
 * Builds a page from up to `limit + 1` rows fetched in page order: the extra row only tells that
 * another page follows, and the cursor points after the last item returned.
 */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  total: number,
  map: (row: R) => T,
  keyOf: (row: R) => CursorKey,
): { items: T[]; total: number; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return {
    items: kept.map(map),
    total,
    nextCursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

/**
 * The keyset bounds of a page: after the cursor's (sortKey, id), or after everything when there
 * is no cursor ('\uffff' sorts after every ISO timestamp), so one statement serves every page.
 */
export function pageBounds(cursor: string | undefined): CursorKey {
  return decodeCursor(cursor) ?? { sortKey: '\uffff', id: '' };
}
