// Drives HTTP load with autocannon and reduces it to the figures we report.
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  errors: number;
}

export interface LoadOptions {
  headers?: Record<string, string>;
  /** A new body for each request (default: `body` every time). */
  bodyOf?: () => unknown;
}

export async function load(url: string, body: unknown, seconds: number, connections: number, options: LoadOptions = {}): Promise<LoadResult> {
  const { bodyOf } = options;
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(body),
    ...(bodyOf ? { requests: [{ setupRequest: (req: object) => ({ ...req, body: JSON.stringify(bodyOf()) }) }] } : {}),
    connections,
    duration: seconds,
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    errors: result.errors + result.non2xx + result.timeouts,
  };
}
