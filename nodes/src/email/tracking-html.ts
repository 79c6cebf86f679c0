// Tracking and unsubscribe links in an email's body: the open pixel, links rewritten to click
// URLs, and the unsubscribe link (where the author put the placeholder, else in a footer).
import { decodeEntities } from './html-text.js';

/** Where the unsubscribe URL goes in html or text. Liquid leaves it alone, so it survives rendering. */
export const UNSUBSCRIBE_PLACEHOLDER = '%unsubscribe_url%';

/** Inserts the unsubscribe URL at the placeholder; without one, adds a short footer with the link. */
export function withUnsubscribeLink(body: { html?: string; text?: string }, url: string): { html?: string; text?: string } {
  const out: { html?: string; text?: string } = {};
  if (body.html !== undefined) {
    out.html = body.html.includes(UNSUBSCRIBE_PLACEHOLDER)
      ? body.html.replaceAll(UNSUBSCRIBE_PLACEHOLDER, escapeAttribute(url))
      : beforeBodyEnd(body.html, `<p style="font-size:12px;color:#666666">Don't want these emails? <a href="${escapeAttribute(url)}">Unsubscribe</a>.</p>`);
  }
  if (body.text !== undefined) {
    out.text = body.text.includes(UNSUBSCRIBE_PLACEHOLDER)
      ? body.text.replaceAll(UNSUBSCRIBE_PLACEHOLDER, url)
      : `${body.text.trimEnd()}\n\nUnsubscribe: ${url}\n`;
  }
  return out;
}

/** Adds the 1×1 open pixel at the end of the body. */
export function withOpenPixel(html: string, pixelUrl: string): string {
  return beforeBodyEnd(
    html,
    `<img src="${escapeAttribute(pixelUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" />`,
  );
}

/**
 * Points every http(s) link of `<a href>` at its click URL. Other schemes (`mailto:`, `tel:`,
 * anchors) and links `keep` says to leave alone (the unsubscribe link) stay as they are.
 */
export function withClickTracking(html: string, clickUrl: (url: string) => string, keep: (url: string) => boolean = () => false): string {
  return html.replace(/<a\b[^>]*>/gi, (tag) =>
    tag.replace(/(\shref\s*=\s*)(?:"([^"]*)"|'([^']*)')/i, (attribute, prefix: string, dq?: string, sq?: string) => {
      const url = decodeEntities((dq ?? sq ?? '').trim());
      if (!/^https?:\/\//i.test(url) || keep(url)) return attribute;
      return `${prefix}"${escapeAttribute(clickUrl(url))}"`;
    }),
  );
}

function beforeBodyEnd(html: string, fragment: string): string {
  const end = html.search(/<\/body\s*>/i);
  return end < 0 ? `${html}${fragment}` : `${html.slice(0, end)}${fragment}${html.slice(end)}`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
