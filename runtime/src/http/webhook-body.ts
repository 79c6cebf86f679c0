// What a webhook call hands the workflow: the raw body parsed by its content type, and headers
// as plain strings.
import type { IncomingHttpHeaders } from 'node:http';
import { HttpError } from './errors.js';

const isJson = (type: string) => type === 'application/json' || type.endsWith('+json');
const isText = (type: string) => type.startsWith('text/') || type === 'application/xml' || type.endsWith('+xml');

function formFields(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const seen = fields[key];
    fields[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return fields;
}

/**
 * JSON and form bodies become objects, text and XML strings, anything else a base64 string; an
 * empty body is `{}` so that rules over `trigger.body.x` simply find nothing.
 */
export function parseWebhookBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return {};
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const text = raw.toString('utf8');
  if (isJson(type)) {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new HttpError(400, 'invalid_json', `the request body is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (type === 'application/x-www-form-urlencoded') return formFields(text);
  if (type === '' || isText(type)) return text;
  return raw.toString('base64');
}

/** Header values as single strings (repeated headers joined as HTTP allows). */
export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Drops one cookie from a Cookie header (Tern's own session must not land in execution data). */
export function withoutCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  const kept = header.split(';').filter((part) => part.split('=')[0]!.trim() !== name);
  return kept.length > 0 ? kept.join(';').trim() : undefined;
}
