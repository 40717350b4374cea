import { Role, type AgentCard, type Part, type SendMessageRequest, type StreamResponse } from '@a2a-js/sdk';
import { ClientFactory, JsonRpcTransportFactory, RestTransportFactory, type Client } from '@a2a-js/sdk/client';
import { v4 as uuid } from 'uuid';
import { ensureBufferPolyfill } from './bufferPolyfill';
import { cardInterfaces, type CardInterface } from './cardInterfaces';
import { EndpointPolicy, EndpointRefusedError } from './endpointPolicy';
import { AgentHttpError, AgentIdleError, AgentTimeoutError } from './errors';
import { AllowedEndpoints, guardedFetch } from './guardedFetch';
import { normalizeStreamResponse, normalizeTask, summarizeCard } from './normalize';
import type { StreamSlots } from './streamSlots';
import type { A2AEvent, AgentCardSummary, OutgoingMessage } from './types';

export type ProtocolPreference = 'auto' | '1.0' | '0.3';

export interface AgentClientOptions {
  /** Base URL of the agent (or of the Backstage proxy endpoint in front of it). */
  baseUrl: string;
  /** All HTTP goes through this; in the app it is Backstage's fetchApi. */
  fetch?: typeof fetch;
  /** `auto` follows the card's preferred interface. */
  protocol?: ProtocolPreference;
  /**
   * Proxy mode: re-root the card's interface URLs onto `baseUrl` and never
   * leave it. Needed behind a proxy, where the card advertises the agent's
   * own address, not the proxy's.
   */
  rebaseInterfaces?: boolean;
  /** Direct mode: further origins the card's interface URLs may use (`agentForge.allowedInterfaceOrigins`). */
  allowedOrigins?: readonly string[];
  /** The Backstage backend's origins: refused unless under `baseUrl` (requests there carry the user's identity). */
  backendOrigins?: readonly string[];
  /** Time allowed for the first event of a stream, from when it is sent; 0 disables. */
  firstEventTimeoutMs?: number;
  /** Time allowed between two events of a stream; 0 disables. */
  idleTimeoutMs?: number;
  /** Caps concurrent streams per origin; without it streams are not capped. */
  streamSlots?: StreamSlots;
}

/** What a caller learns about one stream besides its events. */
export interface StreamHooks {
  /** True while the stream waits for a free slot (the page's cap), false once it is sent. */
  onQueued?(queued: boolean): void;
}

// Relative on purpose: resolved under the base URL (a proxy's path included).
const CARD_PATH = '.well-known/agent-card.json';
const LEGACY_CARD_PATH = '.well-known/agent.json';
const DEFAULT_FIRST_EVENT_TIMEOUT_MS = 60_000;
/** A silent agent is given this long after its last event before the reply is interrupted. */
export const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;
/** The bindings the SDK transports below speak. */
const SUPPORTED_BINDINGS = new Set(['JSONRPC', 'HTTP+JSON']);

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function matchesProtocol(version: string, protocol: ProtocolPreference): boolean {
  if (protocol === 'auto') return true;
  const major = (version || '1.0').split('.')[0];
  return major === protocol.split('.')[0];
}

/**
 * The interface the client uses, in the card's order of preference (and, as
 * the SDK's factory does, the v1.0 one of a binding the card lists twice),
 * with its URL resolved and checked by the policy. Interfaces the policy
 * refuses are passed over; when none is left, the first refusal is thrown.
 */
export function selectInterface(
  interfaces: readonly CardInterface[],
  protocol: ProtocolPreference,
  policy: EndpointPolicy,
  cardPath: string,
): CardInterface {
  const candidates = interfaces.filter(
    i => matchesProtocol(i.protocolVersion, protocol) && SUPPORTED_BINDINGS.has(i.protocolBinding.toUpperCase()),
  );
  if (candidates.length === 0) {
    throw new Error(`The agent card offers no A2A ${protocol} interface over JSON-RPC or HTTP+JSON`);
  }
  const allowed: CardInterface[] = [];
  let refusal: EndpointRefusedError | undefined;
  for (const candidate of candidates) {
    try {
      allowed.push({ ...candidate, url: policy.interfaceUrl(candidate.url, cardPath) });
    } catch (error) {
      if (!(error instanceof EndpointRefusedError)) throw error;
      refusal ??= error;
    }
  }
  if (allowed.length === 0) {
    throw refusal ?? new EndpointRefusedError('The agent card offers no usable interface URL.', policy.modeKey);
  }
  const binding = allowed[0].protocolBinding.toUpperCase();
  const sameBinding = allowed.filter(i => i.protocolBinding.toUpperCase() === binding);
  return sameBinding.find(i => i.protocolVersion === '1.0') ?? sameBinding[0];
}

/** The card the SDK's client is made from: the chosen interface and the capabilities it reads. */
function clientCard(chosen: CardInterface, streaming: boolean): AgentCard {
  return {
    name: '',
    description: '',
    supportedInterfaces: [chosen],
    provider: undefined,
    version: '',
    documentationUrl: undefined,
    capabilities: { streaming, pushNotifications: false, extensions: [], extendedAgentCard: false },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: [],
    defaultOutputModes: [],
    skills: [],
    signatures: [],
    iconUrl: undefined,
  };
}

/** The card's JSON, from its well-known path (the pre-0.3 one for old agents), and that path. */
async function fetchCard(
  fetchImpl: typeof fetch,
  policy: EndpointPolicy,
): Promise<{ card: unknown; cardPath: string; cardUrl: string }> {
  let last: Response | undefined;
  for (const cardPath of [CARD_PATH, LEGACY_CARD_PATH]) {
    const cardUrl = policy.resolve(cardPath);
    // The SDK's card resolver sends the same header: agents that also speak
    // v0.3 answer it with their v1.0 card.
    const response = await fetchImpl(cardUrl, { headers: { 'A2A-Version': '1.0' } });
    if (response.ok) {
      let card: unknown;
      try {
        card = await response.json();
      } catch (error) {
        throw new Error(`The agent card at ${cardUrl} is not JSON`, { cause: error });
      }
      return { card, cardPath, cardUrl };
    }
    last = response;
    await response.body?.cancel().catch(() => undefined);
    // Agents from before A2A 0.3 publish their card only at agent.json.
    if (response.status !== 404) break;
  }
  const status = last?.status ?? 0;
  throw new AgentHttpError(status, new Error(`Failed to fetch Agent Card from ${policy.resolve(CARD_PATH)}: ${status}`));
}

function outgoingParts(message: OutgoingMessage): Part[] {
  const parts: Part[] = [];
  if (message.text || !message.data) {
    parts.push({ content: { $case: 'text', value: message.text }, metadata: undefined, filename: '', mediaType: 'text/plain' });
  }
  if (message.data) {
    parts.push({ content: { $case: 'data', value: message.data }, metadata: undefined, filename: '', mediaType: 'application/json' });
  }
  return parts;
}

/**
 * One connection to one A2A agent: the card, and streaming, resubscribe,
 * get and cancel calls that yield the plugin's own event model. Safe to share
 * between sessions; every call takes its own AbortSignal.
 */
export class AgentClient {
  private constructor(
    private readonly client: Client,
    readonly card: AgentCardSummary,
    private readonly settings: {
      firstEventTimeoutMs: number;
      idleTimeoutMs: number;
      httpFailures: WeakMap<AbortSignal, number>;
      /** The interface URL the client talks to (checked by the endpoint policy). */
      endpoint: string;
      streamSlots?: StreamSlots;
    },
  ) {}

  /** The interface URL requests go to. */
  get endpoint(): string {
    return this.settings.endpoint;
  }

  static async connect(options: AgentClientOptions): Promise<AgentClient> {
    ensureBufferPolyfill();
    // Look up the global fetch at call time: a saved reference loses its
    // binding in browsers ("Illegal invocation", a2a-js #116).
    const baseFetch: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
    const policy = new EndpointPolicy({
      baseUrl: trimSlash(options.baseUrl),
      mode: options.rebaseInterfaces ? 'proxy' : 'direct',
      allowedOrigins: options.allowedOrigins,
      backendOrigins: options.backendOrigins,
    });
    // Until the card is read, the card's own paths are the only endpoints.
    const endpoints = new AllowedEndpoints(policy);
    endpoints.allow(policy.resolve(CARD_PATH));
    endpoints.allow(policy.resolve(LEGACY_CARD_PATH));
    const guarded = guardedFetch(baseFetch, endpoints);
    // The SDK drops the HTTP status when an error response carries a JSON-RPC
    // body (e.g. 413 from a body limit); note it per request, keyed by signal.
    const httpFailures = new WeakMap<AbortSignal, number>();
    const fetchImpl: typeof fetch = async (input, init) => {
      const response = await guarded(input, init);
      if (!response.ok && init?.signal) httpFailures.set(init.signal, response.status);
      return response;
    };
    const { card, cardPath } = await fetchCard(fetchImpl, policy);
    const chosen = selectInterface(cardInterfaces(card), options.protocol ?? 'auto', policy, cardPath);
    endpoints.allow(chosen.url, { subpaths: chosen.protocolBinding.toUpperCase() !== 'JSONRPC' });
    const summary = summarizeCard(card, chosen.protocolVersion);
    const legacyCompat = { enabled: true };
    const factory = new ClientFactory({
      transports: [
        new JsonRpcTransportFactory({ fetchImpl, legacyCompat }),
        new RestTransportFactory({ fetchImpl, legacyCompat }),
      ],
    });
    const client = await factory.createFromAgentCard(clientCard(chosen, summary.streaming));
    options.streamSlots?.watchProtocols();
    return new AgentClient(client, { ...summary, protocolVersion: client.protocolVersion }, {
      firstEventTimeoutMs: options.firstEventTimeoutMs ?? DEFAULT_FIRST_EVENT_TIMEOUT_MS,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      httpFailures,
      endpoint: chosen.url,
      streamSlots: options.streamSlots,
    });
  }

  get protocolVersion(): string {
    return this.client.protocolVersion;
  }

  /** Sends a message and yields the reply's events until the stream ends. */
  stream(message: OutgoingMessage, signal: AbortSignal, hooks: StreamHooks = {}): AsyncGenerator<A2AEvent> {
    const request: SendMessageRequest = {
      tenant: '',
      metadata: undefined,
      configuration: undefined,
      message: {
        messageId: uuid(),
        role: Role.ROLE_USER,
        contextId: message.contextId ?? '',
        taskId: message.taskId ?? '',
        parts: outgoingParts(message),
        metadata: undefined,
        extensions: [],
        referenceTaskIds: [],
      },
    };
    return this.consume(s => this.client.sendMessageStream(request, { signal: s }), signal, hooks);
  }

  /** Re-attaches to a running task: a task snapshot first, then live events. */
  resubscribe(taskId: string, signal: AbortSignal, hooks: StreamHooks = {}): AsyncGenerator<A2AEvent> {
    return this.consume(s => this.client.resubscribeTask({ tenant: '', id: taskId }, { signal: s }), signal, hooks);
  }

  async getTask(taskId: string, signal?: AbortSignal) {
    const task = await this.client.getTask({ tenant: '', id: taskId, historyLength: 0 }, { signal });
    return normalizeTask(task);
  }

  /** Asks the agent to stop working on a task; resolves to the reported state. */
  async cancelTask(taskId: string, signal?: AbortSignal) {
    const task = await this.client.cancelTask({ tenant: '', id: taskId, metadata: undefined }, { signal });
    return normalizeTask(task).state;
  }

  /**
   * Streams with the page's cap, the first-event timeout and the idle bound.
   * A stream over the cap waits for a slot before anything is sent; both
   * timeouts start only once it is sent, and Stop leaves the queue at once.
   */
  private async *consume(
    open: (signal: AbortSignal) => AsyncGenerator<StreamResponse>,
    outer: AbortSignal,
    hooks: StreamHooks,
  ): AsyncGenerator<A2AEvent> {
    const { firstEventTimeoutMs, idleTimeoutMs, httpFailures, streamSlots, endpoint } = this.settings;
    // A private controller lets the timeouts abort the HTTP request without
    // touching the caller's signal.
    const controller = new AbortController();
    const forward = () => controller.abort(outer.reason);
    if (outer.aborted) forward();
    else outer.addEventListener('abort', forward, { once: true });
    let expired: 'first-event' | 'idle' | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expire = (which: 'first-event' | 'idle') => {
      expired = which;
      controller.abort();
    };
    // The idle timer is armed once and re-armed only when it fires early:
    // an event just notes its time, so a fast stream costs no timer work.
    let lastEventAt = 0;
    const checkIdle = () => {
      const silentMs = performance.now() - lastEventAt;
      if (silentMs >= idleTimeoutMs) expire('idle');
      else timer = setTimeout(checkIdle, idleTimeoutMs - silentMs);
    };
    let release: (() => void) | undefined;
    try {
      release = await streamSlots?.forUrl(endpoint).acquire({ signal: controller.signal, onQueued: hooks.onQueued });
      if (firstEventTimeoutMs > 0) timer = setTimeout(() => expire('first-event'), firstEventTimeoutMs);
      let first = true;
      for await (const response of open(controller.signal)) {
        // Silence is measured from the last event the agent sent.
        lastEventAt = performance.now();
        if (first) {
          first = false;
          clearTimeout(timer);
          timer = idleTimeoutMs > 0 ? setTimeout(checkIdle, idleTimeoutMs) : undefined;
        }
        const event = normalizeStreamResponse(response);
        if (event) yield event;
      }
    } catch (error) {
      if (expired === 'first-event' && !outer.aborted) throw new AgentTimeoutError(firstEventTimeoutMs);
      if (expired === 'idle' && !outer.aborted) throw new AgentIdleError(idleTimeoutMs);
      const status = httpFailures.get(controller.signal);
      if (status !== undefined) throw new AgentHttpError(status, error);
      throw error;
    } finally {
      clearTimeout(timer);
      release?.();
      outer.removeEventListener('abort', forward);
    }
  }
}
