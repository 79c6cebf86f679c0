// When the outgoing HTTP client tries again, and how long it waits first.

export interface RetryPolicy {
  /** About how long the first retry waits; each further retry waits twice as long. */
  baseDelayMs: number;
  /** The longest wait between two attempts, a server's Retry-After included. */
  maxDelayMs: number;
  /** Source of jitter, in [0, 1). */
  random: () => number;
}

/** Most extra attempts one request may ask for. */
export const MAX_RETRIES = 10;

/** Statuses worth another attempt: rate limiting and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * The wait before attempt `attempt + 1`: the server's Retry-After when it gave one, else
 * exponential backoff with jitter (between half and all of base × 2^(attempt-1)); never above
 * the policy's maximum.
 */
export function retryDelayMs(attempt: number, retryAfter: string | undefined, policy: RetryPolicy, now = Date.now()): number {
  const requested = parseRetryAfter(retryAfter, now);
  if (requested !== null) return Math.min(requested, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}

/** Retry-After as milliseconds: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
