// Header values of an email: addresses, the refusal of line breaks (header injection) and the
// stable Message-ID.

/** `ada@example.com`, `Ada <ada@example.com>` or `"Lovelace, Ada" <ada@example.com>`. */
export interface Mailbox {
  address: string;
  name?: string;
}

const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const WITH_NAME = /^(?:"((?:[^"\\]|\\.)*)"|([^"<>]*?))\s*<([^<>]+)>$/;

/** Reads one mailbox; null when it is not one. */
export function parseMailbox(value: string): Mailbox | null {
  const text = value.trim();
  if (ADDRESS.test(text)) return { address: text };
  const match = WITH_NAME.exec(text);
  if (!match) return null;
  const address = match[3]!.trim();
  if (!ADDRESS.test(address)) return null;
  const name = (match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? '').trim();
  return name === '' ? { address } : { address, name };
}

/**
 * The first header field whose value holds a line break (or NUL), or null. Such a value would
 * end its header line and start another (`Bcc: …`), so it is refused however it got there —
 * most often contact data rendered into a template.
 */
export function fieldWithLineBreak(fields: Record<string, string | undefined>): string | null {
  for (const [field, value] of Object.entries(fields)) {
    if (value !== undefined && /[\r\n\0]/.test(value)) return field;
  }
  return null;
}

/**
 * `<key.node@domain>`: built from the step's idempotency key (which names the execution and is
 * the same for every attempt of the step), the node id, and the sender's domain, so a retried
 * send carries the Message-ID of the first attempt and receivers can recognise it.
 */
export function stableMessageId(idempotencyKey: string, nodeId: string, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase();
  return `<${atom(idempotencyKey)}.${atom(nodeId)}@${domain}>`;
}

/** Only characters a Message-ID's left part may hold (RFC 5322 dot-atom text, without dots). */
function atom(value: string): string {
  return value.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~-]/g, '-');
}
