import { EndpointRefusedError, type EndpointPolicy } from './endpointPolicy';

/**
 * The URLs the client has a reason to request: the card's well-known paths,
 * then the interface URLs that passed the policy. The SDK builds its
 * requests from the card, so this is the defence in depth behind the
 * policy's check of the card: whatever the SDK asks for, fetchApi (and the
 * identity and `plugin://` resolution it applies) sees only these.
 */
export class AllowedEndpoints {
  private readonly exact = new Set<string>();
  /** REST interfaces: requests go to sub-paths of the interface URL. */
  private readonly prefixes: string[] = [];

  constructor(readonly policy: EndpointPolicy) {}

  allow(url: string, options: { subpaths?: boolean } = {}): void {
    const normalised = new URL(url);
    normalised.hash = '';
    this.exact.add(normalised.href);
    if (options.subpaths) this.prefixes.push(`${normalised.href.replace(/\/+$/, '')}/`);
  }

  /** Throws EndpointRefusedError unless `raw` is an allowed request URL. */
  check(raw: string): URL {
    let url: URL;
    try {
      // No base: a relative URL would resolve against the page, an origin the agent never got.
      url = new URL(raw);
    } catch {
      throw this.refuse(raw);
    }
    url.hash = '';
    this.policy.check(url);
    if (this.exact.has(url.href) || this.prefixes.some(prefix => url.href.startsWith(prefix))) return url;
    throw this.refuse(url.href);
  }

  private refuse(url: string): EndpointRefusedError {
    const shown = url.length > 120 ? `${url.slice(0, 120)}…` : url;
    return new EndpointRefusedError(
      `A request to ${shown} is not one of the agent's endpoints, so it was refused. Check the agent behind ${this.policy.modeKey}.`,
      this.policy.modeKey,
    );
  }
}

function requestUrl(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304);
}

/**
 * A fetch that refuses, before calling `fetchImpl`, any URL `endpoints`
 * does not allow, and does not follow redirects (a redirect is a URL the
 * agent chose too): they fail with a clear error instead.
 */
export function guardedFetch(fetchImpl: typeof fetch, endpoints: AllowedEndpoints): typeof fetch {
  return async (input, init) => {
    const url = endpoints.check(requestUrl(input));
    const response = await fetchImpl(typeof input === 'string' || input instanceof URL ? url.href : input, {
      ...init,
      redirect: 'manual',
    });
    if (isRedirect(response)) {
      await response.body?.cancel().catch(() => undefined);
      throw new EndpointRefusedError(
        `The agent answered a request with a redirect (HTTP ${response.status || 'redirect'}). Redirects are not followed, so that requests go only to the configured agent (${endpoints.policy.modeKey}).`,
        endpoints.policy.modeKey,
      );
    }
    return response;
  };
}
