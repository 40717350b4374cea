/*
 * What the agent card paths serve, for client tests of hostile or odd cards
 * (the `cardTransform` and `cardVersion` options of startDemoAgent). The
 * SDK's card handler still negotiates and derives the card (v1.0, or the
 * v0.3 card its compat router makes from it); this rewrites the JSON it is
 * about to send, so a test can serve any card the SDK would never produce:
 * relative or foreign interface URLs, other schemes, wrong-typed fields.
 */
import type { RequestHandler } from 'express';

/** The card versions the SDK's handler serves. */
export type CardVersion = '1.0' | '0.3';

/**
 * Rewrites a served card: gets the card's JSON (a copy, as the SDK made it
 * for the version the client asked for) and returns the JSON to send.
 */
export type CardTransform = (
  card: Record<string, unknown>,
  version: CardVersion,
) => unknown;

export interface ServedCardOptions {
  transform?: CardTransform;
  /**
   * `negotiate` (default): the v1.0 card for `A2A-Version: 1.0`, the v0.3
   * card otherwise. `0.3`: the v0.3 card for every request, like an agent
   * that speaks only v0.3 (CAIPE), whatever the client asks for.
   */
  version?: 'negotiate' | '0.3';
}

/** The SDK's rule: no header, or a 0.x version, gets the v0.3 card. */
function requestedVersion(header: string | undefined): CardVersion {
  return (header || '0.3').startsWith('0.') ? '0.3' : '1.0';
}

/** Express middleware placed before the SDK's agentCardHandler. */
export function servedCard(options: ServedCardOptions): RequestHandler {
  return (req, res, next) => {
    if (options.version === '0.3') req.headers['a2a-version'] = '0.3';
    const transform = options.transform;
    if (!transform) {
      next();
      return;
    }
    const version = requestedVersion(req.header('A2A-Version'));
    const send = res.send.bind(res);
    res.send = body => {
      if (res.statusCode !== 200 || typeof body !== 'string') return send(body);
      const card = JSON.parse(body) as Record<string, unknown>;
      return send(JSON.stringify(transform(card, version)));
    };
    next();
  };
}
