// Reading a dotted context path such as `trigger.body.items.0.sku` or `steps.lookup.status`.

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

export function splitPath(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** Reads own properties only, so a path can never reach a prototype. */
export function getPath(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const key of splitPath(path)) {
    if (FORBIDDEN.has(key)) return undefined;
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
