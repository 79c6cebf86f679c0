// The one outgoing HTTP client every node and adapter uses (HttpService of the node contract):
// axios underneath, guarded against private and internal addresses at connect time and on every
// redirect, with a timeout over the whole exchange, a response size cap and retries with backoff.
import axios, { AxiosHeaders, type AxiosResponse } from 'axios';
import type { HttpRequestOptions, HttpResponse, HttpService } from '@tern/shared';
import { AddressGuard, type Resolver } from './address-guard.js';
import { decodeBody, encodeBody, flattenHeaders, headerValue } from './http-body.js';
import { isRetryableStatus, MAX_RETRIES, type RetryPolicy, retryDelayMs } from './http-retry.js';
import { findOutgoingError, OutgoingRequestError } from './outgoing-error.js';

export { parseAllowList } from './address-guard.js';
export { OutgoingRequestError } from './outgoing-error.js';

export interface HttpClientOptions {
  /** Host names (exact), IPs or CIDR ranges reachable even though private (`TERN_HTTP_ALLOW`). */
  allow?: string[];
  /** Timeout of a request that names none, in ms (default 30 s). */
  defaultTimeoutMs?: number;
  /** Largest response body accepted, in bytes (default 5 MiB); a request may ask for less, not more. */
  maxResponseBytes?: number;
  userAgent?: string;
  /** Waits between attempts (injectable for tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Resolves host names (injectable for tests; default: the system resolver). */
  resolve?: Resolver;
  /** About how long the first retry waits, in ms (default 500); doubles with each retry. */
  retryBaseDelayMs?: number;
  /** Longest wait between attempts, Retry-After included, in ms (default 30 s). */
  maxRetryDelayMs?: number;
  /** Jitter source in [0, 1) (injectable for tests). */
  random?: () => number;
}

export interface HttpClient extends HttpService {
  /** Closes idle keep-alive connections. */
  close(): void;
}

export const MAX_REDIRECTS = 5;
const MiB = 1024 * 1024;

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const guard = new AddressGuard(options.allow ?? [], options.resolve);
  const agents = guard.createAgents({ keepAlive: true, maxSockets: 50 });
  const maxBytes = options.maxResponseBytes ?? 5 * MiB;
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 30_000;
  const userAgent = options.userAgent ?? 'Tern/0.1 (+workflow automation)';
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const policy: RetryPolicy = {
    baseDelayMs: options.retryBaseDelayMs ?? 500,
    maxDelayMs: options.maxRetryDelayMs ?? 30_000,
    random: options.random ?? Math.random,
  };
  const http = axios.create();

  async function attempt(request: PreparedRequest): Promise<HttpResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs);
    try {
      const response: AxiosResponse<Buffer> = await http.request({
        method: request.method,
        url: request.url.href,
        headers: request.headers,
        data: request.data,
        timeout: request.timeoutMs,
        signal: controller.signal,
        httpAgent: agents.http,
        httpsAgent: agents.https,
        proxy: false,
        maxRedirects: MAX_REDIRECTS,
        beforeRedirect: (next: { href?: string }) => guard.checkUrl(new URL(String(next.href))),
        maxContentLength: request.maxBytes,
        maxBodyLength: maxBytes,
        responseType: 'arraybuffer',
        decompress: true,
        validateStatus: () => true,
        transformRequest: [(data: unknown) => data],
        transformResponse: [(data: unknown) => data],
      });
      const headers = flattenHeaders(AxiosHeaders.from(response.headers as Record<string, string>).toJSON());
      return { status: response.status, headers, body: decodeBody(Buffer.from(response.data ?? []), headers['content-type']) };
    } catch (err) {
      throw describeFailure(err, request, timedOut);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async request(options: HttpRequestOptions): Promise<HttpResponse> {
      const request = prepare(options, { guard, maxBytes, defaultTimeoutMs, userAgent });
      const attempts = 1 + Math.min(Math.max(0, Math.floor(options.retries ?? 0)), MAX_RETRIES);
      for (let n = 1; ; n++) {
        let response: HttpResponse;
        try {
          response = await attempt(request);
        } catch (err) {
          const failure = err as OutgoingRequestError;
          if (!failure.retryable) throw failure;
          if (n >= attempts) throw attempts > 1 ? gaveUp(failure, attempts) : failure;
          await sleep(retryDelayMs(n, undefined, policy));
          continue;
        }
        if (n >= attempts || !isRetryableStatus(response.status)) return response;
        await sleep(retryDelayMs(n, response.headers['retry-after'], policy));
      }
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

interface PreparedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  data: Buffer | undefined;
  timeoutMs: number;
  maxBytes: number;
}

function prepare(
  options: HttpRequestOptions,
  client: { guard: AddressGuard; maxBytes: number; defaultTimeoutMs: number; userAgent: string },
): PreparedRequest {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new OutgoingRequestError('invalid_request', `"${options.url}" is not a valid URL`);
  }
  client.guard.checkUrl(url);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.append(key, String(value));
  const given = { ...options.headers };
  if (!headerValue(given, 'user-agent')) given['user-agent'] = client.userAgent;
  const { data, headers } = encodeBody(options.body, given);
  if (data && data.length > client.maxBytes) {
    throw new OutgoingRequestError('too_large', `request body is larger than the limit of ${formatBytes(client.maxBytes)}`);
  }
  const timeoutMs = options.timeoutMs ?? client.defaultTimeoutMs;
  if (!(timeoutMs > 0)) throw new OutgoingRequestError('invalid_request', `timeoutMs must be greater than 0, got ${timeoutMs}`);
  return {
    method: options.method.toUpperCase(),
    url,
    headers,
    data,
    timeoutMs,
    maxBytes: Math.min(options.maxResponseBytes ?? client.maxBytes, client.maxBytes),
  };
}

/** Turns whatever axios, follow-redirects or the socket threw into an OutgoingRequestError. */
function describeFailure(err: unknown, request: PreparedRequest, timedOut: boolean): OutgoingRequestError {
  const known = findOutgoingError(err);
  if (known) return known;
  const target = request.url.host;
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (timedOut || code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new OutgoingRequestError('timeout', `request to ${target} timed out after ${request.timeoutMs} ms`, { cause: err });
  }
  if (message.includes('maxContentLength')) {
    return new OutgoingRequestError('too_large', `response from ${target} is larger than the limit of ${formatBytes(request.maxBytes)}`, { cause: err });
  }
  if (hasCode(err, 'ERR_FR_TOO_MANY_REDIRECTS')) {
    return new OutgoingRequestError('too_many_redirects', `request to ${target} was redirected more than ${MAX_REDIRECTS} times`, { cause: err });
  }
  return new OutgoingRequestError('network', `request to ${target} failed: ${message}`, { cause: err });
}

function gaveUp(failure: OutgoingRequestError, attempts: number): OutgoingRequestError {
  return new OutgoingRequestError(failure.code, `${failure.message} (gave up after ${attempts} attempts)`, { cause: failure });
}

function hasCode(err: unknown, code: string): boolean {
  for (let current = err, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    if ((current as { code?: unknown }).code === code) return true;
  }
  return false;
}

export function formatBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
