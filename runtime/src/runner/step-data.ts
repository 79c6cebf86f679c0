// What is written of a step's data: secrets a node read from its credentials are replaced, and
// data over the size cap is kept as a short preview, so a bad run cannot fill the database.
import type { StateDelta, StepRecord } from '../db/store.js';

const REDACTED = '[redacted]';
const PREVIEW_CHARS = 1_000;

export interface StepDataPolicy {
  maxBytes: number;
  /** Secret values seen by this execution; each is replaced wherever it appears. */
  secrets: ReadonlySet<string>;
}

export function sanitizeDelta(delta: StateDelta, policy: StepDataPolicy): StateDelta {
  if (delta.upsertSteps.length === 0) return delta;
  return { ...delta, upsertSteps: delta.upsertSteps.map((s) => sanitizeStep(s, policy)) };
}

function sanitizeStep(step: StepRecord, policy: StepDataPolicy): StepRecord {
  const input = sanitizeValue(step.input, policy);
  const output = sanitizeValue(step.output, policy);
  const error = step.error ? { ...step.error, message: redactText(step.error.message, policy.secrets) } : null;
  return input === step.input && output === step.output && error === step.error ? step : { ...step, input, output, error };
}

export function sanitizeValue(value: unknown, policy: StepDataPolicy): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value !== 'object' && typeof value !== 'string') return value;
  // The store serializes step data anyway; serialize here only when it might need changing.
  if (policy.secrets.size === 0 && fitsWithin(value, policy.maxBytes)) return value;
  let json = JSON.stringify(value);
  if (json === undefined) return null;
  let changed = false;
  if (policy.secrets.size > 0) {
    const redacted = redactText(json, policy.secrets, true);
    changed = redacted !== json;
    json = redacted;
  }
  if (Buffer.byteLength(json) > policy.maxBytes) {
    return { truncated: true, bytes: Buffer.byteLength(json), preview: json.slice(0, PREVIEW_CHARS) };
  }
  return changed ? JSON.parse(json) : value;
}

/** A bound on a string's UTF-8 JSON size: each UTF-16 unit takes at most 6 bytes (`\u0001`). */
const MAX_BYTES_PER_UNIT = 6;
/** Deeper than this, the bound gives up and the data is measured exactly. */
const MAX_DEPTH = 64;

/**
 * True when the value's JSON certainly takes at most `limit` bytes, worked out from an upper bound
 * without serializing it (and stopping as soon as the bound passes the limit). False means
 * "measure it".
 */
export function fitsWithin(value: unknown, limit: number): boolean {
  return remaining(value, limit, 0) >= 0;
}

/** What is left of `budget` once `v`'s JSON is paid for; negative when it runs out or `v` must be
 *  measured. (A plain function rather than a closure: it runs for every value a step records.) */
function remaining(v: unknown, budget: number, depth: number): number {
  if (typeof v === 'string') return budget - (v.length * MAX_BYTES_PER_UNIT + 2);
  if (typeof v === 'number') return budget - 24;
  if (v === null || v === undefined || typeof v === 'boolean') return budget - 5;
  // Anything with its own toJSON (a Date, a Buffer) is measured exactly.
  if (typeof v !== 'object' || depth > MAX_DEPTH || typeof (v as { toJSON?: unknown }).toJSON === 'function') return -1;
  let left = budget - 2;
  if (Array.isArray(v)) {
    for (const item of v) if ((left = remaining(item, left, depth + 1) - 1) < 0) return -1;
  } else {
    for (const key of Object.keys(v)) {
      left = remaining((v as Record<string, unknown>)[key], left - (key.length * MAX_BYTES_PER_UNIT + 4), depth + 1);
      if (left < 0) return -1;
    }
  }
  return left;
}

export function redactText(text: string, secrets: ReadonlySet<string>, inJson = false): string {
  let out = text;
  for (const secret of secrets) {
    // Inside JSON text a secret appears escaped; replace that form.
    const needle = inJson ? JSON.stringify(secret).slice(1, -1) : secret;
    if (needle.length >= 4 && out.includes(needle)) out = out.split(needle).join(REDACTED);
  }
  return out;
}
