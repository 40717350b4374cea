import { startDemoAgent, type DemoAgent, type DemoAgentOptions } from '@internal/demo-agent';
import { AgentClient, type ProtocolPreference } from '../a2a/AgentClient';
import type { ChatSession } from '../sessions/ChatSession';
import type { SessionSnapshot } from '../sessions/model';
import { SessionManager, type SessionManagerOptions } from '../sessions/SessionManager';

/** One HTTP request the client made, as seen by the instrumented fetch. */
export interface RecordedRequest {
  url: string;
  /** JSON-RPC method, e.g. SendStreamingMessage or message/stream. */
  method?: string;
  body: string;
  signal?: AbortSignal;
}

/**
 * The real demo agent on a random port and a real SDK client talking to it
 * over HTTP through a fetch that records every request (nothing is mocked).
 */
/** The JSON-RPC method a request body calls (undefined for a GET or a body that is not JSON). */
export function jsonRpcMethod(body: string): string | undefined {
  if (!body) return undefined;
  try {
    return JSON.parse(body).method;
  } catch {
    return undefined;
  }
}

/** `agentOptions` adds to the agent's (e.g. `scripted` replies). */
export async function startHarness(protocol: ProtocolPreference, agentOptions: DemoAgentOptions = {}) {
  const agent: DemoAgent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 }, ...agentOptions });
  const requests: RecordedRequest[] = [];
  const requestListeners = new Set<(request: RecordedRequest) => void>();
  const recordingFetch: typeof fetch = (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    const method = jsonRpcMethod(body);
    const request: RecordedRequest = { url: String(input), method, body, signal: init?.signal ?? undefined };
    requests.push(request);
    requestListeners.forEach(listener => listener(request));
    return fetch(input, init);
  };
  const client = await AgentClient.connect({ baseUrl: agent.url, fetch: recordingFetch, protocol });

  return {
    agent,
    client,
    requests,
    /** Resolves with the first request (past or future) that matches. */
    nextRequest(match: (request: RecordedRequest) => boolean): Promise<RecordedRequest> {
      const seen = requests.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise(resolve => {
        const listener = (request: RecordedRequest) => {
          if (!match(request)) return;
          requestListeners.delete(listener);
          resolve(request);
        };
        requestListeners.add(listener);
      });
    },
    createManager(options: Partial<SessionManagerOptions> = {}): SessionManager {
      return new SessionManager({
        getClient: async () => client,
        // Node has no animation frames; a zero timer keeps publishes coalesced.
        scheduleFrame: callback => {
          const timer = setTimeout(callback, 0);
          return () => clearTimeout(timer);
        },
        ...options,
      });
    },
    close: () => agent.close(),
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** Resolves when the session publishes a snapshot that satisfies `predicate`. */
export function snapshotWhere(
  session: ChatSession,
  predicate: (snapshot: SessionSnapshot) => boolean,
): Promise<SessionSnapshot> {
  const now = session.getSnapshot();
  if (predicate(now)) return Promise.resolve(now);
  return new Promise(resolve => {
    const unsubscribe = session.subscribe(() => {
      const snapshot = session.getSnapshot();
      if (!predicate(snapshot)) return;
      unsubscribe();
      resolve(snapshot);
    });
  });
}

/** The text of the session's last agent message. */
export function lastReply(snapshot: SessionSnapshot) {
  for (let i = snapshot.messages.length - 1; i >= 0; i--) {
    const message = snapshot.messages[i];
    if (message.role === 'agent') return message;
  }
  throw new Error(`session ${snapshot.id} has no agent message`);
}

/** Is this a request that streams a message with this text? */
export function isStreamOf(text: string) {
  return (request: RecordedRequest) =>
    /stream/i.test(request.method ?? '') && !/subscribe/i.test(request.method ?? '') && request.body.includes(text);
}

/** Is this a cancel request? */
export function isCancel(request: RecordedRequest): boolean {
  return /cancel/i.test(request.method ?? '');
}
