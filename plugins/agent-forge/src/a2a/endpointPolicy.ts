/**
 * Where the client may send requests. The agent card names the agent's
 * endpoints, but the card is the agent's word: a hostile or misconfigured
 * agent could point the client at another host, at the portal itself, or at
 * the Backstage backend, where Backstage's fetchApi would attach the user's
 * Backstage token (a confused deputy). So every interface URL is resolved
 * and checked here against what the administrator configured:
 *
 * - proxy mode (`agentForge.proxyPath`): everything goes through the proxy.
 *   The URL's path is re-rooted under the proxy endpoint, and the final,
 *   normalised URL must still be under it.
 * - direct mode (`agentForge.baseUrl`): the URL must be on the configured
 *   agent's origin or on one listed in `agentForge.allowedInterfaceOrigins`;
 *   on the Backstage backend's origin only under the configured base path.
 *
 * Only http(s), never credentials in the URL. Refusals name the config key.
 */

export type EndpointMode = 'direct' | 'proxy';

export const CONFIG_KEYS = {
  baseUrl: 'agentForge.baseUrl',
  proxyPath: 'agentForge.proxyPath',
  allowedOrigins: 'agentForge.allowedInterfaceOrigins',
} as const;

/** A request the policy does not allow; the message says which config key governs it. */
export class EndpointRefusedError extends Error {
  constructor(
    message: string,
    /** The app-config key that governs what was refused. */
    readonly configKey: string,
  ) {
    super(message);
    this.name = 'EndpointRefusedError';
  }
}

export interface EndpointPolicyOptions {
  /** The agent's base URL, or the proxy endpoint's in proxy mode. */
  baseUrl: string;
  mode: EndpointMode;
  /** Direct mode: further origins the card's interfaces may be on. */
  allowedOrigins?: readonly string[];
  /** The Backstage backend's origins: requests there carry the user's identity. */
  backendOrigins?: readonly string[];
}

// Encoded separators and dots survive URL normalisation; a server that
// decodes them before routing would see a path outside the prefix we checked.
const ENCODED_SEPARATOR = /%2f|%5c|%2e/i;
const MAX_SHOWN = 120;

/** A URL for a message: bounded, since it comes from the agent. */
function shown(url: string): string {
  return url.length > MAX_SHOWN ? `${url.slice(0, MAX_SHOWN)}…` : url;
}

function isHttp(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

function parse(raw: string, base?: URL | string): URL | undefined {
  try {
    return new URL(raw, base);
  } catch {
    return undefined;
  }
}

export class EndpointPolicy {
  readonly mode: EndpointMode;
  /** Normalised, its path ending in '/'. */
  readonly base: URL;
  private readonly allowedOrigins: ReadonlySet<string>;
  private readonly backendOrigins: ReadonlySet<string>;

  /** Throws EndpointRefusedError naming the key when the configuration itself is unusable. */
  constructor(options: EndpointPolicyOptions) {
    this.mode = options.mode;
    const base = parse(options.baseUrl);
    if (!base || !isHttp(base) || base.username || base.password) {
      throw new EndpointRefusedError(
        `The agent address "${shown(options.baseUrl)}" is not an http(s) URL without credentials. Check ${this.modeKey}.`,
        this.modeKey,
      );
    }
    base.hash = '';
    base.search = '';
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.base = base;
    this.allowedOrigins = new Set(
      (options.allowedOrigins ?? []).map(origin => {
        const url = parse(origin);
        if (!url || !isHttp(url) || url.origin === 'null') {
          throw new EndpointRefusedError(
            `"${shown(origin)}" in ${CONFIG_KEYS.allowedOrigins} is not an origin such as https://agent.example.com.`,
            CONFIG_KEYS.allowedOrigins,
          );
        }
        return url.origin;
      }),
    );
    this.backendOrigins = new Set(
      (options.backendOrigins ?? []).flatMap(origin => {
        const url = parse(origin);
        return url ? [url.origin] : [];
      }),
    );
  }

  /** The config key that names the agent in this mode. */
  get modeKey(): string {
    return this.mode === 'proxy' ? CONFIG_KEYS.proxyPath : CONFIG_KEYS.baseUrl;
  }

  /** A URL under the configured base, e.g. the card's well-known path. */
  resolve(path: string): string {
    return new URL(path.replace(/^\/+/, ''), this.base).href;
  }

  /**
   * Where an interface URL from the card leads. It is resolved against the
   * card's own URL (`cardPath`, relative to the base: relative and
   * scheme-relative references work), re-rooted onto the proxy in proxy
   * mode, normalised and checked. Throws EndpointRefusedError.
   */
  interfaceUrl(raw: string, cardPath: string): string {
    // In proxy mode the card describes the agent behind the proxy: its
    // references are relative to the card's URL as the agent published it.
    const cardUrl = this.mode === 'proxy' ? new URL(cardPath, 'http://agent.invalid/') : new URL(cardPath, this.base);
    const resolved = parse(raw, cardUrl);
    if (!resolved) {
      throw new EndpointRefusedError(
        `The agent card gives an interface URL that is not a valid URL ("${shown(raw)}"), so it was not used. Check the agent behind ${this.modeKey}.`,
        this.modeKey,
      );
    }
    this.checkScheme(resolved);
    if (this.mode === 'direct') {
      this.check(resolved);
      return resolved.href;
    }
    // Only the path and query survive; the host the card named is ignored.
    const path = resolved.pathname.replace(/^\/+/, '');
    const target = parse(`${this.base.href}${path}${resolved.search}`);
    if (!target) {
      throw new EndpointRefusedError(
        `The agent card's interface URL cannot be placed under the proxy endpoint (${this.modeKey}), so it was not used.`,
        this.modeKey,
      );
    }
    this.check(target);
    return target.href;
  }

  /** Throws unless a request to `url` (absolute, normalised) stays within the policy. */
  check(url: URL): void {
    this.checkScheme(url);
    if (this.mode === 'proxy') {
      if (!this.underBase(url)) {
        throw new EndpointRefusedError(
          `A request to ${shown(url.href)} would leave the Backstage proxy endpoint (${CONFIG_KEYS.proxyPath}, ${this.base.pathname}), so it was refused. The agent card's interface URL must stay under the agent's own paths.`,
          CONFIG_KEYS.proxyPath,
        );
      }
      return;
    }
    if (this.backendOrigins.has(url.origin)) {
      if (!this.underBase(url)) {
        throw new EndpointRefusedError(
          `The agent card points at the Backstage backend (${shown(url.origin + url.pathname)}), outside the configured agent (${CONFIG_KEYS.baseUrl}). It was refused: requests there would carry your Backstage identity. Fix the agent card, or reach the agent through ${CONFIG_KEYS.proxyPath}.`,
          CONFIG_KEYS.baseUrl,
        );
      }
      return;
    }
    if (url.origin === this.base.origin || this.allowedOrigins.has(url.origin)) return;
    throw new EndpointRefusedError(
      `The agent card points at ${shown(url.origin)}, which is not the configured agent's origin (${this.base.origin}), so nothing was sent there. If that address belongs to the agent, add it to ${CONFIG_KEYS.allowedOrigins}.`,
      CONFIG_KEYS.allowedOrigins,
    );
  }

  private checkScheme(url: URL): void {
    if (!isHttp(url)) {
      throw new EndpointRefusedError(
        `The agent card gives an interface URL with the scheme "${shown(url.protocol)}"; only http and https are used, so it was refused. Check the agent behind ${this.modeKey}.`,
        this.modeKey,
      );
    }
    if (url.username || url.password) {
      throw new EndpointRefusedError(
        `The agent card gives an interface URL with credentials in it, so it was refused. Check the agent behind ${this.modeKey}.`,
        this.modeKey,
      );
    }
  }

  /** On the base's origin, at or under its path, with no encoded separators. */
  private underBase(url: URL): boolean {
    if (url.origin !== this.base.origin || ENCODED_SEPARATOR.test(url.pathname)) return false;
    const basePath = this.base.pathname;
    return url.pathname.startsWith(basePath) || url.pathname === basePath.slice(0, -1);
  }
}
