// Param pieces more than one node uses.
import { z } from 'zod';

/** An HTTP header name: RFC 9110 token characters. */
export const headerNameSchema = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'is not a valid header name');

/** HTTP headers by name. Numbers and booleans (e.g. from a `{{ }}` template) become text. */
export const headersSchema = z.record(
  headerNameSchema,
  z
    .union([z.string(), z.number(), z.boolean()])
    .transform(String)
    // A line break in a value would let it smuggle in headers of its own.
    .refine((value) => !/[\r\n]/.test(value), 'a header value may not contain line breaks'),
);

/** The message of anything thrown. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
