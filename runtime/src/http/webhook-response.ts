// Sends what a workflow answers to a webhook, without letting it set headers that would hurt the
// connection or the editor that shares this origin.
import type { Response } from 'express';
import type { WebhookResponse } from '@tern/shared';
import { EXECUTION_HEADER } from '../services/webhooks.js';

/** Connection-level headers, cookies, and headers that reach beyond this one response. */
const BLOCKED_HEADERS = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'trailers',
  'transfer-encoding', 'upgrade', 'content-length', 'host', 'set-cookie', 'set-cookie2', 'clear-site-data',
  'service-worker-allowed', 'content-security-policy', 'x-content-type-options', 'access-control-allow-credentials',
]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function safeResponseHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!TOKEN.test(name) || BLOCKED_HEADERS.has(lower) || lower.startsWith('x-tern-')) continue;
    const text = String(value);
    if (!/[\r\n\0]/.test(text)) out[lower] = text;
  }
  return out;
}

export function sendWebhookResponse(res: Response, response: WebhookResponse, executionId: string | null): void {
  const status = Number.isInteger(response.status) && response.status >= 200 && response.status <= 599 ? response.status : 200;
  const headers = safeResponseHeaders(response.headers ?? {});
  res.status(status).set(headers);
  if (executionId) res.set(EXECUTION_HEADER, executionId);
  // A body that echoes a caller's input must never run as a page on the editor's origin.
  res.set({ 'Content-Security-Policy': "sandbox; default-src 'none'", 'X-Content-Type-Options': 'nosniff' });
  const { body } = response;
  if (body === undefined || body === null || status === 204 || status === 304) {
    res.end();
  } else if (typeof body === 'string') {
    if (!headers['content-type']) res.type('text/plain');
    res.send(body);
  } else {
    res.json(body);
  }
}
