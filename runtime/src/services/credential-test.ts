// "Test credential": sends a credential type's test request through the SSRF-guarded client and
// sums up the answer in a line. The remote may echo what it was sent, so every secret of the
// credential (and the parts of a secret URL) is cut out of that line before it leaves.
import { STATUS_CODES } from 'node:http';
import { type AnyCredentialTypeDefinition, type HttpResponse, type HttpService, testPassed } from '@tern/shared';
import { HttpError } from '../http/errors.js';

export interface CredentialTestResult {
  /** Whether the service answered as the type expects of a working credential. */
  ok: boolean;
  /** The remote's status; null when no answer came (refused address, network, timeout). */
  status: number | null;
  message: string;
}

const TEST_TIMEOUT_MS = 15_000;
const MAX_DETAIL = 200;

export async function testCredential(http: HttpService, type: AnyCredentialTypeDefinition, data: Record<string, unknown>): Promise<CredentialTestResult> {
  const test = type.test;
  if (!test) {
    throw new HttpError(400, 'not_testable', `credential type "${type.type}" declares no test`, [{ field: 'type', message: 'has no test' }]);
  }
  const redact = redactor(type.secret.map((f) => data[f]));
  let response: HttpResponse;
  try {
    const request = test.request(data);
    response = await http.request({
      ...request,
      timeoutMs: Math.min(request.timeoutMs ?? TEST_TIMEOUT_MS, TEST_TIMEOUT_MS),
      retries: 0,
      maxResponseBytes: 64 * 1024,
    });
  } catch (err) {
    return { ok: false, status: null, message: redact(err instanceof Error ? err.message : String(err)) };
  }
  const detail = detailOf(response.body);
  const line = `HTTP ${response.status} ${STATUS_CODES[response.status] ?? ''}`.trim() + (detail ? `: ${detail}` : '');
  return { ok: testPassed(test, response.status), status: response.status, message: redact(line) };
}

/** What a service says about a request, when it says it briefly: a short text, or the message of a JSON error. */
function detailOf(body: unknown): string | null {
  const fit = (s: string) => {
    const line = s.trim().split('\n')[0]!.trim();
    return line === '' ? null : line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL)}…` : line;
  };
  if (typeof body === 'string') return body.length <= MAX_DETAIL * 2 && !/^\s*</.test(body) ? fit(body) : null;
  if (body === null || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const nested = b.error && typeof b.error === 'object' ? (b.error as Record<string, unknown>).message : undefined;
  for (const candidate of [b.message, nested, b.error_description, b.error, b.detail, b.title]) {
    if (typeof candidate === 'string') return fit(candidate);
  }
  return null;
}

/** Cuts secrets out of a text: each whole value, URL-encoded too; of a URL, also its path
 *  segments, query values and user info (a webhook URL's token is its path). */
function redactor(values: unknown[]): (text: string) => string {
  const pieces = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string' || value === '') continue;
    pieces.add(value);
    pieces.add(encodeURIComponent(value));
    let url: URL | null = null;
    try {
      url = new URL(value);
    } catch {
      // not a URL
    }
    if (url) {
      for (const part of [...url.pathname.split('/'), ...url.searchParams.values(), url.username, url.password]) {
        if (part.length >= 6) pieces.add(part);
      }
    }
  }
  const sorted = [...pieces].sort((a, b) => b.length - a.length);
  return (text) => sorted.reduce((t, piece) => t.split(piece).join('[redacted]'), text);
}
