/**
 * Text for output, shared by figures, tables and the docs scripts: escaping
 * for HTML and for plotly's markup, number formatting, and shortening.
 */

/** Characters that HTML text and attribute values must not hold raw. */
const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** The entities that `escapePlotlyText` writes, and the characters they stand for. */
const PLOTLY_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/**
 * Escapes `text` for HTML, as element content or as a quoted attribute value:
 * `&`, `<`, `>`, `"` and `'` become entities.
 */
export function escapeHtml(text: string): string {
  // Most cells need no escaping, and a test is cheaper than a replace.
  if (!/[&<>"']/.test(text)) return text;
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/**
 * Escapes `&`, `<` and `>` so that plotly shows `text` as written. Plotly
 * turns the entities back into characters when it draws, and never inserts
 * the text as HTML.
 */
export function escapePlotlyText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/**
 * Undoes `escapePlotlyText` for plain-text output, turning plotly's line
 * breaks (`<br>`) into spaces.
 */
export function unescapePlotlyText(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/&(amp|lt|gt);/g, (_, name: string) => PLOTLY_ENTITIES[name]);
}

/**
 * Writes a number for a reader, the same way in bar labels and table cells:
 * integers in full (up to 15 digits); other numbers to `digits` significant
 * digits, except that a number whose integer part already has `digits` or
 * more digits is rounded to an integer, so 123456.7 shows as 123457 and not
 * as 123500, which would read as exact. No thousands separators, so the text
 * reads back as the number. `digits` defaults to 4.
 */
export function formatNumber(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (Number.isInteger(value) && size < 1e15) return String(value);
  if (size >= 10 ** digits && size < 1e15) return String(Math.round(value));
  return String(Number(value.toPrecision(digits)));
}

/** Cuts `text` to at most `length` characters, marking the cut with an ellipsis. */
export function shorten(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/**
 * JSON for a reader: a BigInt becomes its digits. Returns undefined for a
 * value JSON cannot write, such as one that contains itself or whose
 * `toJSON` throws.
 */
export function jsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, (_, item: unknown) =>
      typeof item === 'bigint' ? item.toString() : item,
    );
  } catch {
    return undefined;
  }
}
