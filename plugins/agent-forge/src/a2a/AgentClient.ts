import { Role, type AgentCard, type Part, type SendMessageRequest, type StreamResponse } from '@a2a-js/sdk';
import {
  ClientFactory,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
  RestTransportFactory,
  type Client,
} from '@a2a-js/sdk/client';
import { v4 as uuid } from 'uuid';
import { ensureBufferPolyfill } from './bufferPolyfill';
import { AgentHttpError, AgentTimeoutError, classifyAgentError } from './errors';
import { normalizeStreamResponse, normalizeTask, summarizeCard } from './normalize';
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
   * Re-root the card's interface URLs onto `baseUrl`. Needed behind a proxy,
   * where the card advertises the agent's own address, not the proxy's.
   */
  rebaseInterfaces?: boolean;
  /** Time allowed for the first event of a stream; 0 disables. */
  firstEventTimeoutMs?: number;
}

// Relative on purpose: the SDK resolves them with `new URL(path, base)`, so a
// base under a path (a proxy) must end in '/' and the paths must not start
// with one, or the base's last segment (or whole path) is lost.
const CARD_PATH = '.well-known/agent-card.json';
const LEGACY_CARD_PATH = '.well-known/agent.json';
const DEFAULT_FIRST_EVENT_TIMEOUT_MS = 60_000;

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function matchesProtocol(version: string, protocol: ProtocolPreference): boolean {
  if (protocol === 'auto') return true;
  const major = (version || '1.0').split('.')[0];
  return major === protocol.split('.')[0];
}

function rebase(interfaceUrl: string, baseUrl: string): string {
  try {
    const url = new URL(interfaceUrl);
    const path = `${url.pathname}${url.search}`.replace(/^\/$/, '');
    return `${trimSlash(baseUrl)}${path}`;
  } catch {
    return interfaceUrl;
  }
}

/** Picks the interfaces the client may use, in the card's order of preference. */
export function selectInterfaces(
  card: AgentCard,
  protocol: ProtocolPreference,
  rebaseOnto?: string,
): AgentCard {
  let interfaces = (card.supportedInterfaces ?? []).filter(i =>
    matchesProtocol(i.protocolVersion, protocol),
  );
  if (interfaces.length === 0) {
    throw new Error(`The agent card offers no A2A ${protocol} interface`);
  }
  if (rebaseOnto) {
    interfaces = interfaces.map(i => ({ ...i, url: rebase(i.url, rebaseOnto) }));
  }
  return { ...card, supportedInterfaces: interfaces };
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
    private readonly firstEventTimeoutMs: number,
    private readonly httpFailures: WeakMap<AbortSignal, number>,
  ) {}

  static async connect(options: AgentClientOptions): Promise<AgentClient> {
    ensureBufferPolyfill();
    // Look up the global fetch at call time: a saved reference loses its
    // binding in browsers ("Illegal invocation", a2a-js #116).
    const baseFetch: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
    // The SDK drops the HTTP status when an error response carries a JSON-RPC
    // body (e.g. 413 from a body limit); note it per request, keyed by signal.
    const httpFailures = new WeakMap<AbortSignal, number>();
    const fetchImpl: typeof fetch = async (input, init) => {
      const response = await baseFetch(input, init);
      if (!response.ok && init?.signal) httpFailures.set(init.signal, response.status);
      return response;
    };
    const legacyCompat = { enabled: true };
    const resolver = new DefaultAgentCardResolver({ fetchImpl, legacyCompat });
    const baseUrl = trimSlash(options.baseUrl);
    let card: AgentCard;
    try {
      card = await resolver.resolve(`${baseUrl}/`, CARD_PATH);
    } catch (error) {
      // Agents from before A2A 0.3 publish their card only at agent.json.
      if (classifyAgentError(error).status !== 404) throw error;
      card = await resolver.resolve(`${baseUrl}/`, LEGACY_CARD_PATH);
    }
    const selected = selectInterfaces(
      card,
      options.protocol ?? 'auto',
      options.rebaseInterfaces ? baseUrl : undefined,
    );
    const factory = new ClientFactory({
      transports: [
        new JsonRpcTransportFactory({ fetchImpl, legacyCompat }),
        new RestTransportFactory({ fetchImpl, legacyCompat }),
      ],
      cardResolver: resolver,
    });
    const client = await factory.createFromAgentCard(selected);
    return new AgentClient(
      client,
      summarizeCard(selected, client.protocolVersion),
      options.firstEventTimeoutMs ?? DEFAULT_FIRST_EVENT_TIMEOUT_MS,
      httpFailures,
    );
  }

  get protocolVersion(): string {
    return this.client.protocolVersion;
  }

  /** Sends a message and yields the reply's events until the stream ends. */
  stream(message: OutgoingMessage, signal: AbortSignal): AsyncGenerator<A2AEvent> {
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
    return this.consume(s => this.client.sendMessageStream(request, { signal: s }), signal);
  }

  /** Re-attaches to a running task: a task snapshot first, then live events. */
  resubscribe(taskId: string, signal: AbortSignal): AsyncGenerator<A2AEvent> {
    return this.consume(s => this.client.resubscribeTask({ tenant: '', id: taskId }, { signal: s }), signal);
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

  private async *consume(
    open: (signal: AbortSignal) => AsyncGenerator<StreamResponse>,
    outer: AbortSignal,
  ): AsyncGenerator<A2AEvent> {
    // A private controller lets the first-event timeout abort the HTTP
    // request without touching the caller's signal.
    const controller = new AbortController();
    const forward = () => controller.abort(outer.reason);
    if (outer.aborted) forward();
    else outer.addEventListener('abort', forward, { once: true });
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined =
      this.firstEventTimeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, this.firstEventTimeoutMs)
        : undefined;
    try {
      for await (const response of open(controller.signal)) {
        if (timer !== undefined) {
          clearTimeout(timer);
          timer = undefined;
        }
        const event = normalizeStreamResponse(response);
        if (event) yield event;
      }
    } catch (error) {
      if (timedOut && !outer.aborted) throw new AgentTimeoutError(this.firstEventTimeoutMs);
      const status = this.httpFailures.get(controller.signal);
      if (status !== undefined) throw new AgentHttpError(status, error);
      throw error;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      outer.removeEventListener('abort', forward);
    }
  }
}
