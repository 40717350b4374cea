/** Small, total helpers for text that comes from agents. */

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * `text` cut to at most `max` characters, never between the two halves of a
 * surrogate pair (which would leave a broken character at the end).
 */
export function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = max > 0 && isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/** `text` in pieces of at most `size` characters, none splitting a surrogate pair. */
export function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(at + size, text.length);
    if (end < text.length && end - at > 1 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

/**
 * Characters that change the direction of the text around them (embeddings,
 * overrides, isolates and marks). In a name or title from an agent they
 * would reverse the page's own words next to it.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** C0 and C1 control characters other than tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * A name or title from an agent, fit for the page's chrome: one line, no
 * control or direction-changing characters, at most `max` characters.
 * Empty when nothing printable is left.
 */
export function displayLabel(text: string, max = 200): string {
  const clean = text.replace(BIDI_CONTROLS, '').replace(CONTROLS, '').replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${cutAt(clean, max - 1)}…` : clean;
}
