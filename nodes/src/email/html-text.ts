// A plain-text rendering of an email's HTML, for the text/plain part when only HTML is given:
// mail clients that show text, spam filters and screen readers all read that part.

const BLOCK_END = /<\/(p|div|h[1-6]|table|ul|ol|blockquote|section|article|header|footer)\s*>/gi;
const LINE_END = /<(br\s*\/?|\/tr|hr\s*\/?)\s*>/gi;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®', hellip: '…', mdash: '—', ndash: '–' };

/** Paragraphs become blank-line separated, links `label (url)`, list items `- item`; tags go. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(head|style|script|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<a\b[^>]*?\bhref\s*=\s*("([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a\s*>/gi, (_m, _q, dq, sq, inner: string) =>
      linkText(dq ?? sq ?? '', inner))
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(BLOCK_END, '\n\n')
    .replace(LINE_END, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Entities stay encoded here: the whole text is decoded once at the end. */
function linkText(href: string, inner: string): string {
  const label = inner.replace(/<[^>]*>/g, '').trim();
  if (!/^https?:/i.test(href) || label === '' || decodeEntities(label) === decodeEntities(href)) return label || href;
  return `${label} (${href})`;
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return ENTITIES[entity.toLowerCase()] ?? match;
  });
}
