/**
 * The interfaces an agent card offers, read from the card's JSON as the agent
 * sent it (A2A v1.0 `supportedInterfaces`, or v0.3 `url` /
 * `preferredTransport` / `additionalInterfaces`).
 *
 * The SDK's own card parser converts the whole card and throws on a field of
 * the wrong type anywhere in it (a skill's `tags` as a string, an object
 * where `examples` belongs), so one odd field would make the agent
 * unusable. The client needs only the interfaces from the card (the UI's
 * fields go through `summarizeCard`), so this reads just those, with the
 * same mapping as the SDK's v0.3 translator, and never throws: an interface
 * with a field of the wrong type is left out.
 */

/** One way to reach the agent, as the card states it (the URL not yet checked). */
export interface CardInterface {
  url: string;
  /** `JSONRPC`, `HTTP+JSON`, `GRPC`, … */
  protocolBinding: string;
  protocolVersion: string;
  tenant: string;
}

const V03 = '0.3';
const DEFAULT_V03_BINDING = 'JSONRPC';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function v1Interface(entry: unknown): CardInterface | undefined {
  if (!isRecord(entry)) return undefined;
  const url = text(entry.url);
  const protocolBinding = text(entry.protocolBinding);
  if (!url || !protocolBinding) return undefined;
  return {
    url,
    protocolBinding,
    protocolVersion: text(entry.protocolVersion) || '1.0',
    tenant: text(entry.tenant) ?? '',
  };
}

function v03Interface(entry: unknown): CardInterface | undefined {
  if (!isRecord(entry)) return undefined;
  const url = text(entry.url);
  const protocolBinding = text(entry.transport);
  if (!url || !protocolBinding) return undefined;
  return { url, protocolBinding, protocolVersion: V03, tenant: '' };
}

function present<T>(value: T | undefined): value is T {
  return value !== undefined;
}

/** The card's interfaces in its order of preference; [] when it offers none readable. */
export function cardInterfaces(card: unknown): CardInterface[] {
  if (!isRecord(card)) return [];
  const supported = card.supportedInterfaces;
  // A card that lists v1.0 interfaces is read as v1.0 (as the SDK does),
  // even when it also carries the v0.3 fields for older clients.
  if (Array.isArray(supported) && supported.length > 0) {
    return supported.map(v1Interface).filter(present);
  }
  const url = text(card.url);
  if (!url) return [];
  const primary: CardInterface = {
    url,
    protocolBinding: text(card.preferredTransport) || DEFAULT_V03_BINDING,
    protocolVersion: text(card.protocolVersion) || V03,
    tenant: '',
  };
  const additional = Array.isArray(card.additionalInterfaces) ? card.additionalInterfaces : [];
  return [primary, ...additional.map(v03Interface).filter(present)];
}
