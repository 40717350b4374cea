/**
 * Credentials an agent may echo back (a reply quoting the request headers
 * it received, a tool's debug output): the proxy's secret for the agent or
 * the user's Backstage token would otherwise be kept in browser storage and
 * in exports. The page never sees those secrets itself, so it recognises
 * them by shape. Every pattern runs in linear time (no nested or
 * overlapping repetition).
 */
export const REDACTED = '[redacted]';

/** A header line or assignment of a credential: the name and separator stay, the value goes. */
const CREDENTIAL_FIELD =
  /\b((?:proxy-)?authorization|x-api-key|api[-_]key|x-auth-token|x-access-token|set-cookie|cookie)(["']?[ \t]*[:=][ \t]*["']?)(?:(?:bearer|basic|token|digest)[ \t]+)?[^\s"',;]+/gi;
/** A bearer credential anywhere (credentials are long and have digits; words do not). */
const BEARER = /\b(bearer[ \t]+)([A-Za-z0-9\-._~+/]{16,}=*)/gi;
/** A JSON Web Token (Backstage tokens are JWTs). */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** `text` with credential-looking values replaced by "[redacted]". */
export function redactSecrets(text: string): string {
  if (!text) return text;
  return text
    .replace(CREDENTIAL_FIELD, (_match, name: string, separator: string) => `${name}${separator}${REDACTED}`)
    .replace(BEARER, (match, scheme: string, credential: string) => (/\d/.test(credential) ? `${scheme}${REDACTED}` : match))
    .replace(JWT, REDACTED);
}
