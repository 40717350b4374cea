/**
 * URL policy for links and images in agent-written markdown.
 *
 * Agent output is hostile. These functions are allow-lists: a URL passes only
 * if it is, character for character, an absolute URL with an allowed scheme.
 * Nothing is trimmed, decoded or "repaired" first — a URL that needs repair to
 * look safe is rejected, because browsers repair differently (the URL parser
 * strips tabs/newlines anywhere and leading control characters/spaces, which is
 * how `java\tscript:` and ` javascript:` become script URLs).
 *
 * Decisions:
 * - Only `http://`, `https://` (with the `//`) and `mailto:` are accepted.
 *   Scheme matching is case-insensitive (`HTTPS://x` is a plain https URL).
 * - Relative URLs (`/path`, `./x`, `x.html`, `?q`), protocol-relative URLs
 *   (`//host`) and `#fragment` links are rejected. The chat is mounted at an
 *   arbitrary Backstage route, so a relative URL resolves against the Backstage
 *   origin and route the agent cannot know: at best it is broken, at worst it
 *   sends the user (with their session) to a same-origin page or API endpoint
 *   of the agent's choosing. Fragments would open the Backstage page itself in
 *   a new tab (links open with `target="_blank"`). Rejected links render as
 *   their plain text.
 * - Any whitespace or control character anywhere in the URL rejects it.
 *   (react-markdown percent-encodes legitimate spaces before we see them.)
 */

/** Whitespace (ASCII and Unicode) and C0/C1 control characters, DEL. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202f\u2060\ufeff]/;

/** `http(s)://` followed by an authority (not a third slash or a backslash). */
const HTTP_URL = /^https?:\/\/(?![/\\])/i;
const MAILTO_URL = /^mailto:/i;

function parse(href: string): URL | undefined {
  try {
    return new URL(href);
  } catch {
    return undefined;
  }
}

/**
 * Returns `href` unchanged if it is an absolute `http(s)://` URL with a host,
 * otherwise `undefined`.
 */
export function safeHttpUrl(href: unknown): string | undefined {
  if (typeof href !== 'string' || href.length === 0) return undefined;
  if (FORBIDDEN_CHARS.test(href) || !HTTP_URL.test(href)) return undefined;
  const url = parse(href);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return undefined;
  }
  return url.hostname ? href : undefined;
}

/**
 * Returns `href` unchanged if it is safe to use as a link target: an absolute
 * `http://`, `https://` or `mailto:` URL (see the module comment for what is
 * rejected and why). Otherwise `undefined` — render the link as plain text.
 */
export function safeLinkUrl(href: unknown): string | undefined {
  if (typeof href !== 'string' || href.length === 0) return undefined;
  if (FORBIDDEN_CHARS.test(href)) return undefined;
  if (MAILTO_URL.test(href)) {
    const url = parse(href);
    return url && url.protocol === 'mailto:' ? href : undefined;
  }
  return safeHttpUrl(href);
}

/**
 * True only for an absolute `http(s)://` URL whose hostname equals one of
 * `allowedHosts` (exact match, case-insensitive; no wildcards, no subdomains;
 * the port is not part of the match). The hostname is the one the browser
 * would contact: `https://allowed.com@evil.com/` has hostname `evil.com`.
 */
export function isImageAllowed(
  src: unknown,
  allowedHosts: readonly string[],
): boolean {
  if (allowedHosts.length === 0) return false;
  const href = safeHttpUrl(src);
  if (!href) return false;
  const hostname = parse(href)?.hostname.toLowerCase();
  if (!hostname) return false;
  return allowedHosts.some(
    host => typeof host === 'string' && host.trim().toLowerCase() === hostname,
  );
}
