import { isJsonRpcError, isRestError } from '@a2a-js/sdk/errors';
import { EndpointRefusedError } from './endpointPolicy';

export type AgentErrorKind =
  | 'network'
  | 'auth'
  | 'http'
  | 'rpc'
  | 'protocol'
  | 'timeout'
  /** The agent went silent after its first event (the task may still run). */
  | 'idle'
  /** A URL the agent card named was refused by the endpoint policy. */
  | 'refused'
  /** A setting in app-config cannot be used. */
  | 'config'
  | 'aborted';

/** A failure talking to the agent, classified for the user. */
export interface AgentError {
  kind: AgentErrorKind;
  /** One sentence the user can act on. Never contains response bodies. */
  message: string;
  /** Technical detail for the "details" disclosure, trimmed and tag-free. */
  detail?: string;
  /** HTTP status, when the failure was an HTTP response. */
  status?: number;
  /** JSON-RPC error code, when the agent answered with one. */
  code?: number;
  /** A2A error reason, e.g. `TASK_NOT_FOUND`. */
  reason?: string;
}

/** Raised by the transport when the first event takes too long. */
export class AgentTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    const seconds = timeoutMs / 1000;
    super(`No answer from the agent within ${seconds < 10 ? Number(seconds.toFixed(1)) : Math.round(seconds)} s`);
    this.name = 'TimeoutError';
  }
}

/** "5 minutes", "1.5 s". */
function duration(ms: number): string {
  if (ms >= 120_000) return `${Math.round(ms / 60_000)} minutes`;
  const seconds = ms / 1000;
  return `${seconds < 10 ? Number(seconds.toFixed(1)) : Math.round(seconds)} s`;
}

/** Raised by the transport when a stream sends nothing for too long after an event. */
export class AgentIdleError extends Error {
  constructor(readonly idleMs: number) {
    super(`The agent sent nothing for ${duration(idleMs)}`);
    this.name = 'AgentIdleError';
  }
}

/** A setting in app-config that cannot be used; the message names its key. */
export class AgentConfigError extends Error {
  constructor(message: string, readonly configKey: string) {
    super(message);
    this.name = 'AgentConfigError';
  }
}

/**
 * A failed request whose HTTP status the SDK dropped (it reports a JSON-RPC
 * error body without the status); the transport notes the status and wraps.
 */
export class AgentHttpError extends Error {
  constructor(readonly status: number, readonly cause: unknown) {
    super(errorMessage(cause));
    this.name = 'AgentHttpError';
  }
}

const MAX_DETAIL = 300;

// Checks by shape and name, not `instanceof`: errors may come from another
// realm (the Backstage jest environment swaps the global Error for Node's, so
// there a TypeError is not `instanceof Error`, nor Node's fetch TypeError
// `instanceof TypeError`).
function errorMessage(err: unknown): string {
  const message = (err as { message?: unknown })?.message;
  if (typeof message === 'string') return message;
  return typeof err === 'string' ? err : '';
}

/** Strips markup (HTML error pages) and bounds the length of a detail string. */
function cleanDetail(text: string): string | undefined {
  // Bound the input first: the SDK puts whole response bodies in its messages,
  // and tag stripping on a huge body with stray '<' is quadratic.
  const plain = text
    .slice(0, MAX_DETAIL * 8)
    // Error pages carry CSS and scripts; their text is no detail worth showing.
    .replace(/<(style|script|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!plain) return undefined;
  return plain.length > MAX_DETAIL ? `${plain.slice(0, MAX_DETAIL)}…` : plain;
}

// The SDK reports HTTP failures only inside its message text, e.g.
// "HTTP error for SendStreamingMessage! Status: 401 Unauthorized. Response: …",
// "HTTP error establishing stream for …: 500 …", "Failed to fetch Agent Card from …: 404".
const HTTP_STATUS_PATTERNS = [
  /Status: (\d{3})\b/,
  /establishing stream for [^:]+: (\d{3})\b/,
  /Failed to fetch Agent Card from .*: (\d{3})\b/,
  /HTTP error for [^:]+: (\d{3})\b/,
];

function httpStatusOf(message: string): number | undefined {
  for (const pattern of HTTP_STATUS_PATTERNS) {
    const match = pattern.exec(message);
    if (match) return Number(match[1]);
  }
  return undefined;
}

function isAbort(err: unknown): boolean {
  const name = (err as { name?: unknown })?.name;
  return name === 'AbortError';
}

function isNetworkFailure(err: unknown, message: string): boolean {
  const isTypeError = (err as { name?: unknown })?.name === 'TypeError';
  if (!isTypeError && !/ECONNREFUSED|ECONNRESET|socket/i.test(message)) {
    return false;
  }
  return /fetch|network|ECONNREFUSED|ECONNRESET|socket|terminated|load failed/i.test(
    message,
  );
}

function httpError(status: number, detail: string | undefined): AgentError {
  if (status === 401) {
    return { kind: 'auth', status, detail, message: 'The agent did not accept your credentials (HTTP 401). Sign in again or check the agent configuration.' };
  }
  if (status === 403) {
    return { kind: 'auth', status, detail, message: 'You are not allowed to use this agent (HTTP 403).' };
  }
  if (status === 404) {
    return { kind: 'http', status, detail, message: 'The agent endpoint was not found (HTTP 404). Check agentForge.baseUrl or agentForge.proxyPath.' };
  }
  if (status === 413) {
    return { kind: 'http', status, detail, message: 'The message is too large for the agent (HTTP 413). Shorten it and send again.' };
  }
  if (status === 429) {
    return { kind: 'http', status, detail, message: 'The agent is busy (HTTP 429). Wait a moment and retry.' };
  }
  return {
    kind: 'http',
    status,
    detail,
    message:
      status >= 500
        ? `The agent failed with HTTP ${status}. Retry, or check the agent's logs.`
        : `The agent rejected the request with HTTP ${status}.`,
  };
}

/**
 * Classifies anything thrown by the SDK or the fetch underneath it. Mid-stream
 * JSON-RPC errors arrive as a plain Error with the typed error in `cause`
 * (a2a-js #712), so the cause is checked first.
 */
export function classifyAgentError(err: unknown): AgentError {
  if (isAbort(err)) {
    return { kind: 'aborted', message: 'The request was stopped.' };
  }
  const refused = [err, (err as { cause?: unknown })?.cause].find(e => e instanceof EndpointRefusedError);
  if (refused instanceof EndpointRefusedError) {
    return { kind: 'refused', message: refused.message };
  }
  if (err instanceof AgentConfigError) {
    return { kind: 'config', message: err.message };
  }
  if (err instanceof AgentIdleError) {
    return {
      kind: 'idle',
      message: `${err.message}, so this reply was interrupted (the limit is agentForge.streamIdleTimeoutMs).`,
    };
  }
  if (err instanceof AgentTimeoutError) {
    return { kind: 'timeout', message: `${err.message}. Retry, or raise agentForge.requestTimeoutMs.` };
  }
  if (err instanceof AgentHttpError) {
    return httpError(err.status, cleanDetail(err.message));
  }
  const cause = (err as { cause?: unknown })?.cause;
  const typed = [err, cause].find(isJsonRpcError);
  if (typed) {
    const text = cleanDetail(typed.message) ?? 'unknown error';
    return {
      kind: 'rpc',
      code: typed.envelopeCode,
      reason: typed.reason || undefined,
      message: `The agent reported an error: ${text}`,
      detail: cleanDetail(errorMessage(err)),
    };
  }
  const rest = [err, cause].find(isRestError);
  if (rest) {
    return httpError(rest.statusCode, cleanDetail(rest.message));
  }
  const message = errorMessage(err);
  const status = httpStatusOf(message);
  if (status !== undefined) {
    return httpError(status, cleanDetail(message));
  }
  if (isNetworkFailure(err, message)) {
    return {
      kind: 'network',
      detail: cleanDetail(message),
      message: "Can't reach the agent. Check that it is running and reachable, then retry.",
    };
  }
  return {
    kind: 'protocol',
    detail: cleanDetail(message),
    message: 'The agent sent a response that could not be understood.',
  };
}
