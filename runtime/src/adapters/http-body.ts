// Request bodies out, response bodies and headers in, for the outgoing HTTP client.

/** A header's value, whatever the case of its name. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * The bytes to send and the headers to send them with. Strings and bytes go as they are; objects
 * go as JSON, or as a form when the caller set `content-type: application/x-www-form-urlencoded`.
 * A content type the caller set is never replaced.
 */
export function encodeBody(
  body: unknown,
  headers: Record<string, string>,
): { data: Buffer | undefined; headers: Record<string, string> } {
  if (body === undefined || body === null) return { data: undefined, headers };
  const given = headerValue(headers, 'content-type');
  const withType = (type: string) => (given ? headers : { ...headers, 'content-type': type });
  if (typeof body === 'string') return { data: Buffer.from(body), headers: withType('text/plain; charset=utf-8') };
  if (body instanceof Uint8Array) return { data: Buffer.from(body), headers: withType('application/octet-stream') };
  if (body instanceof URLSearchParams) {
    return { data: Buffer.from(body.toString()), headers: withType('application/x-www-form-urlencoded') };
  }
  if (given?.toLowerCase().startsWith('application/x-www-form-urlencoded') && isPlainObject(body)) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(body)) form.append(key, typeof value === 'string' ? value : JSON.stringify(value));
    return { data: Buffer.from(form.toString()), headers };
  }
  return { data: Buffer.from(JSON.stringify(body)), headers: withType('application/json') };
}

/** The response body: parsed JSON when the content type says JSON (and it parses), else text. */
export function decodeBody(bytes: Buffer, contentType: string | undefined): unknown {
  const text = decodeText(bytes, contentType);
  if (contentType && /[/+]json\b/i.test(contentType) && text.trim() !== '') {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** Response headers with lower-case names and string values (repeated headers joined by ", "). */
export function flattenHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.map(String).join(', ') : String(value);
  }
  return out;
}

function decodeText(bytes: Buffer, contentType: string | undefined): string {
  const charset = /charset="?([\w-]+)"?/i.exec(contentType ?? '')?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}
