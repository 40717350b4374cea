/*
 * Transport faults for client tests: deliberate protocol violations that a
 * well-behaved A2A server (the SDK) never produces, so they are made here,
 * below the SDK, in the HTTP layer.
 *
 * - `/status CODE` and `/html` answer the JSON-RPC POST before the SDK sees
 *   it, the way a gateway, an auth proxy or a crashed backend would: an HTML
 *   page instead of a JSON-RPC answer or an SSE stream.
 * - `/malformed N`, `/truncate N` and `/drop N` let the SDK stream as usual
 *   and damage its output after N `streaming_result` chunks: a data line
 *   that is not JSON, half a JSON-RPC envelope, or a cut TCP connection.
 * - `/unknown` is scripted by the executor (an unknown state and made-up
 *   artifact names); here its state is renamed on the wire to a string no
 *   SDK knows.
 * - `cardStatus` makes the agent card path fail the same way.
 *
 * Hand-written SSE and JSON is acceptable in this file only: it exists to
 * break the protocol.
 */
import type { RequestHandler, Response } from 'express';
import {
  DEFAULT_DIRECTIVES,
  parseDirectives,
  type DirectiveDefaults,
  type TransportFaults,
} from './directives';

/** Methods whose message text may carry directives. */
const SEND_METHODS = new Set([
  'SendMessage',
  'SendStreamingMessage',
  'message/send',
  'message/stream',
]);

/** Streaming methods, whose SSE output /malformed, /truncate and /drop damage. */
const STREAM_METHODS = new Set(['SendStreamingMessage', 'message/stream']);

/** The state name `/unknown` puts on the wire, per protocol version. */
export const UNKNOWN_STATE_ON_THE_WIRE = {
  v1: 'TASK_STATE_PAUSED_FOR_LUNCH',
  v03: 'paused-for-lunch',
} as const;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** A small error page like the ones proxies and frameworks send. */
export function htmlErrorPage(status: number): string {
  const text = STATUS_TEXT[status] ?? 'Error';
  return [
    '<!DOCTYPE html>',
    `<html><head><title>${status} ${text}</title>`,
    '<style>body{font-family:sans-serif}</style></head>',
    `<body><h1>${status} ${text}</h1>`,
    '<p>The demo agent simulated this error (<code>/status</code>).</p>',
    '<hr><address>demo-gateway/1.0</address></body></html>',
    '',
  ].join('\n');
}

/** An HTML page that is not an error: a login page or a proxy's landing page. */
export const HTML_PAGE = [
  '<!DOCTYPE html>',
  '<html><head><title>Sign in</title></head>',
  '<body><form action="/login" method="post"><h1>Please sign in</h1>',
  '<input name="user"><input name="password" type="password">',
  '<button>Sign in</button></form></body></html>',
  '',
].join('\n');

function sendHtml(res: Response, status: number, body: string) {
  res
    .status(status)
    .set('Content-Type', 'text/html; charset=utf-8')
    .set('Cache-Control', 'no-store')
    .send(body);
}

/** The text parts of a v1.0 or v0.3 JSON-RPC send request, joined. */
export function messageTextOf(body: unknown): string {
  const parts = (body as { params?: { message?: { parts?: unknown } } })
    ?.params?.message?.parts;
  if (!Array.isArray(parts)) {
    return '';
  }
  return parts
    .map(part =>
      typeof (part as { text?: unknown })?.text === 'string'
        ? (part as { text: string }).text
        : '',
    )
    .join('\n');
}

/** The faults a JSON-RPC request asks for (none for anything but a send). */
export function requestedFaults(
  body: unknown,
  defaults: DirectiveDefaults = DEFAULT_DIRECTIVES,
): { faults: TransportFaults; unknown: boolean; stream: boolean } {
  const method = (body as { method?: unknown })?.method;
  if (typeof method !== 'string' || !SEND_METHODS.has(method)) {
    return { faults: {}, unknown: false, stream: false };
  }
  const directives = parseDirectives(messageTextOf(body), defaults);
  return {
    faults: directives.faults,
    unknown: directives.unknown,
    stream: STREAM_METHODS.has(method),
  };
}

/** Renames the UNRECOGNIZED / unknown state of an SSE event to a made-up one. */
function renameUnknownState(event: string): string {
  const prefix = 'data: ';
  if (!event.startsWith(prefix)) {
    return event;
  }
  try {
    const envelope = JSON.parse(event.slice(prefix.length));
    const result = envelope?.result;
    // v1.0: { statusUpdate: { status: { state } } }; v0.3: { kind: 'status-update', status }
    const status = result?.statusUpdate?.status ?? result?.status;
    if (status?.state === 'UNRECOGNIZED') {
      status.state = UNKNOWN_STATE_ON_THE_WIRE.v1;
    } else if (status?.state === 'unknown') {
      status.state = UNKNOWN_STATE_ON_THE_WIRE.v03;
    } else {
      return event;
    }
    return `${prefix}${JSON.stringify(envelope)}\n\n`;
  } catch {
    return event;
  }
}

/**
 * Wraps `res.write` of one SSE response. The SDK writes exactly one SSE
 * event per call (`data: {...}\n\n`), which is what makes counting and
 * replacing events here reliable.
 */
function damageStream(
  res: Response,
  faults: TransportFaults,
  unknown: boolean,
): void {
  const malformed = faults.malformedAfterChunk;
  const truncate = faults.truncateAfterChunk;
  const drop = faults.dropAfterChunk;
  const after = [malformed, truncate, drop].find(n => n !== undefined);
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  let chunks = 0;
  let broken = false;

  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (broken) {
      return true; // the SDK keeps writing; nobody is listening any more
    }
    if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk)) {
      return write(chunk, ...rest);
    }
    let event = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (after !== undefined && chunks >= after) {
      broken = true;
      if (drop !== undefined) {
        // A crash or a network cut: no end of the response, no last event.
        res.socket?.destroy();
      } else if (malformed !== undefined) {
        write('data: this is not JSON (demo agent /malformed)\n\n');
        res.end();
      } else {
        // Cut in the middle of the envelope, without a line end; the
        // response itself ends cleanly (like a proxy timing out).
        write(event.slice(0, Math.max(8, Math.floor(event.length / 2))));
        res.end();
      }
      return true;
    }
    if (event.includes('"streaming_result"')) {
      chunks += 1;
    }
    if (unknown) {
      event = renameUnknownState(event);
    }
    return write(event, ...rest);
  }) as Response['write'];
}

/**
 * Express middleware for the JSON-RPC path, mounted after the body parser and
 * before the SDK's handler.
 */
export function transportFaults(
  defaults: DirectiveDefaults = DEFAULT_DIRECTIVES,
): RequestHandler {
  return (req, res, next) => {
    const { faults, unknown, stream } = requestedFaults(req.body, defaults);
    if (faults.httpStatus !== undefined) {
      sendHtml(res, faults.httpStatus, htmlErrorPage(faults.httpStatus));
      return;
    }
    if (faults.html) {
      sendHtml(res, 200, HTML_PAGE);
      return;
    }
    const damages =
      faults.malformedAfterChunk !== undefined ||
      faults.truncateAfterChunk !== undefined ||
      faults.dropAfterChunk !== undefined;
    if (stream && (damages || unknown)) {
      damageStream(res, faults, unknown);
    }
    next();
  };
}

/**
 * Express middleware for the agent card paths: answers with `status()` and
 * an HTML error page while it returns a number.
 */
export function cardFaults(status: () => number | undefined): RequestHandler {
  return (_req, res, next) => {
    const code = status();
    if (code === undefined) {
      next();
      return;
    }
    sendHtml(res, code, htmlErrorPage(code));
  };
}
