/*
 * startDemoAgent(): an Express app serving the agent card and the JSON-RPC
 * endpoint (A2A v1.0, plus v0.3 through the SDK's legacy compat layer).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import cors from 'cors';
import express, { type ErrorRequestHandler } from 'express';
import { DefaultRequestHandler } from '@a2a-js/sdk/server';
import {
  agentCardHandler,
  jsonRpcHandler,
  UserBuilder,
} from '@a2a-js/sdk/server/express';
import { buildAgentCard, JSONRPC_PATH } from './card';
import { ConversationManager } from './ConversationManager';
import { DemoAgentExecutor } from './DemoAgentExecutor';
import { DemoRequestHandler } from './DemoRequestHandler';
import { DEFAULT_DIRECTIVES, type DirectiveDefaults } from './directives';
import type { ScriptedReplies } from './scripted';
import { cardFaults, transportFaults } from './faults';
import { servedCard, type CardTransform } from './servedCard';
import { SharedTaskStore } from './SharedTaskStore';

export interface DemoAgentOptions {
  /**
   * Test-supplied replies: called for every user message; a reply it returns
   * replaces the scripted one (any markdown, artifact names, plan, tools,
   * input form, end state), undefined keeps the normal script. See scripted.ts.
   */
  scripted?: ScriptedReplies;
  /** TCP port; 0 picks a free one. Default 8000. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /**
   * Base URL written into the agent card. Default `http://HOST:PORT` with
   * the real port; set it when clients reach the agent through another
   * address (a proxy, a container).
   */
  publicUrl?: string;
  /** Idle time after which a conversation is forgotten. Default 30 minutes. */
  sessionTtlMs?: number;
  /** How often idle conversations are swept. Default 5 minutes. */
  sweepIntervalMs?: number;
  /** Clock for the conversation TTL. Default `Date.now`. */
  now?: () => number;
  /**
   * Script settings used when a message has no directive for them. Defaults:
   * 24 chunks, 40 ms between events, natural answer size. Tests usually set
   * `delayMs: 0`.
   */
  defaults?: Partial<DirectiveDefaults>;
  /** Largest accepted JSON-RPC request body. Default '10mb'. */
  jsonBodyLimit?: string;
  /** Allowed browser origins. Default: any origin (it is a dev agent). */
  corsOrigins?: string[];
  /**
   * How long close() lets open responses finish (e.g. deliver CANCELED)
   * before cutting the connections. Default 500 ms.
   */
  closeGraceMs?: number;
  /**
   * Fault for client tests: the agent card paths answer with this HTTP
   * status (400-599) and a small HTML error page, e.g. 401 to simulate an
   * agent that rejects the user at load. Change it later with
   * `setCardStatus()`.
   */
  cardStatus?: number;
  /**
   * For client tests of hostile or odd cards: rewrites the card JSON the
   * card paths serve, for both the v1.0 card and the v0.3 card the SDK's
   * compat router derives (the second argument says which). See
   * servedCard.ts.
   */
  cardTransform?: CardTransform;
  /**
   * `0.3` serves the v0.3 card to every request, like an agent that speaks
   * only v0.3; default `negotiate` (by the `A2A-Version` header).
   */
  cardVersion?: 'negotiate' | '0.3';
}

export interface DemoAgent {
  /** Base URL, e.g. http://127.0.0.1:8000 (the card is under /.well-known/). */
  url: string;
  port: number;
  /** The conversation memory (exposed for tests and diagnostics). */
  conversations: ConversationManager;
  /** Stops running scripts, the sweep timer and the server, open streams included. */
  close(): Promise<void>;
  /**
   * Stops like a crashed process: every connection is cut at once, open
   * streams get no last event (no CANCELED), and the port is free when the
   * promise resolves. Running scripts are stopped afterwards.
   */
  kill(): Promise<void>;
  /** Sets (or, with undefined, clears) the `cardStatus` fault. */
  setCardStatus(status: number | undefined): void;
}

/** Headers the SDK client sends: a browser must be allowed to send them cross-origin. */
export const CORS_ALLOWED_HEADERS = [
  'Content-Type',
  'Authorization',
  'A2A-Version',
  'A2A-Extensions',
  'X-A2A-Extensions',
];
/** Response headers a browser client may want to read. */
export const CORS_EXPOSED_HEADERS = [
  'A2A-Version',
  'A2A-Extensions',
  'X-A2A-Extensions',
];

function delay(ms: number): Promise<void> {
  return new Promise(resolve => {
    const timer: unknown = setTimeout(resolve, ms);
    // Never keeps the process alive; a jsdom test's timers are numbers (no unref).
    (timer as { unref?: () => void }).unref?.();
  });
}

function listen(
  server: Server,
  port: number,
  host: string,
): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function formatUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

/**
 * Body-parser errors would otherwise become Express's HTML error pages; a
 * JSON-RPC client expects a JSON-RPC error envelope.
 */
const jsonBodyErrors: ErrorRequestHandler = (err, _req, res, next) => {
  const status: number | undefined = err?.status ?? err?.statusCode;
  if (err?.type === 'entity.too.large') {
    res.status(413).json({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32600,
        message: `Request body too large (limit ${err.limit} bytes).`,
      },
    });
  } else if (
    err instanceof SyntaxError ||
    err?.type === 'entity.parse.failed'
  ) {
    res.status(200).json({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Invalid JSON payload.' },
    });
  } else if (status && status >= 400 && status < 500) {
    res.status(status).json({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32600,
        message: String(err.message ?? 'Invalid request'),
      },
    });
  } else {
    next(err);
  }
};

export async function startDemoAgent(
  options: DemoAgentOptions = {},
): Promise<DemoAgent> {
  const host = options.host ?? '127.0.0.1';
  const app = express();
  const server = createServer(app);

  // Listen first: the card must advertise the real port.
  const address = await listen(server, options.port ?? 8000, host);
  const url = (options.publicUrl ?? formatUrl(host, address.port)).replace(
    /\/+$/,
    '',
  );

  // Tasks live as long as their conversation: when the sweep forgets a
  // conversation, its tasks go too, so a long-running agent stays bounded.
  const taskStore = new SharedTaskStore();
  const conversations = new ConversationManager({
    ttlMs: options.sessionTtlMs,
    sweepIntervalMs: options.sweepIntervalMs,
    now: options.now,
    onExpire: contextId => taskStore.deleteContext(contextId),
  });
  conversations.start();
  const executor = new DemoAgentExecutor(
    conversations,
    { ...DEFAULT_DIRECTIVES, ...options.defaults },
    options.scripted,
  );
  const requestHandler = new DemoRequestHandler(
    new DefaultRequestHandler(buildAgentCard(url), taskStore, executor),
    taskId => executor.isRunning(taskId),
  );

  let cardStatus = options.cardStatus;
  app.disable('x-powered-by');
  // Count open responses, so close() can wait for them (briefly) to end.
  let openResponses = 0;
  let onIdle: Array<() => void> = [];
  const whenIdle = () =>
    openResponses === 0
      ? Promise.resolve()
      : new Promise<void>(r => onIdle.push(r));
  app.use((_req, res, next) => {
    openResponses += 1;
    res.on('close', () => {
      openResponses -= 1;
      if (openResponses === 0) {
        onIdle.forEach(resolve => resolve());
        onIdle = [];
      }
    });
    next();
  });
  app.use(
    cors({
      origin: options.corsOrigins ?? true,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: CORS_ALLOWED_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      maxAge: 600,
    }),
  );

  // Lets pages on the allowed origins read the Resource Timing of their
  // requests here, the protocol included: Agent Forge lifts its per-origin
  // stream cap for an agent it sees speaking HTTP/2 or HTTP/3 (the bench's).
  const timingOrigins = options.corsOrigins?.join(', ') ?? '*';
  app.use((_req, res, next) => {
    res.setHeader('Timing-Allow-Origin', timingOrigins);
    next();
  });

  // The same handler on both paths: it answers with the v1.0 card when the
  // request says `A2A-Version: 1.0` and with the v0.3 card otherwise (header
  // absent or 0.3), which is what v0.3 clients send. agent.json is the
  // pre-0.3 well-known path that older clients still fetch. No caching: the
  // port (and so the card) changes between runs.
  const cardHandler = agentCardHandler({
    agentCardProvider: requestHandler,
    legacyCompat: { enabled: true },
    cache: { maxAge: 0 },
  });
  const cardFault = cardFaults(() => cardStatus);
  const cardRewrite = servedCard({
    transform: options.cardTransform,
    version: options.cardVersion,
  });
  app.use('/.well-known/agent-card.json', cardFault, cardRewrite, cardHandler);
  app.use('/.well-known/agent.json', cardFault, cardRewrite, cardHandler);

  // The SDK router parses JSON with the 100kb default and answers bigger
  // bodies with an HTML 413. Parsing here first (10mb) makes its parser skip
  // the already-read body; that relies on both parsers coming from the same
  // Express copy (see "Express 4 at runtime" in README.md).
  app.use(
    JSONRPC_PATH,
    express.json({ limit: options.jsonBodyLimit ?? '10mb' }),
    jsonBodyErrors,
    // /status, /html, /malformed, /truncate, /drop, /unknown (faults.ts)
    transportFaults({ ...DEFAULT_DIRECTIVES, ...options.defaults }),
    jsonRpcHandler({
      requestHandler,
      userBuilder: UserBuilder.noAuthentication,
      legacyCompat: { enabled: true },
    }),
  );

  app.get('/', (_req, res) => {
    res.json({
      name: 'Demo Agent',
      agentCard: `${url}/.well-known/agent-card.json`,
      legacyAgentCard: `${url}/.well-known/agent.json`,
      jsonRpc: `${url}${JSONRPC_PATH}`,
    });
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      conversations.stop();
      const serverClosed = new Promise<void>(resolve =>
        server.close(() => resolve()),
      );
      // Running scripts publish CANCELED and return; their streams then end
      // by themselves, so give them a moment to reach the clients...
      await executor.shutdown();
      await Promise.race([whenIdle(), delay(options.closeGraceMs ?? 500)]);
      // ...then cut whatever is still open: SSE streams would otherwise
      // keep server.close() waiting forever.
      server.closeAllConnections();
      await serverClosed;
    })();
    return closing;
  };

  const kill = () => {
    closing ??= (async () => {
      conversations.stop();
      const serverClosed = new Promise<void>(resolve =>
        server.close(() => resolve()),
      );
      server.closeAllConnections();
      await serverClosed;
      await executor.shutdown();
    })();
    return closing;
  };

  return {
    url,
    port: address.port,
    conversations,
    close,
    kill,
    setCardStatus: status => {
      cardStatus = status;
    },
  };
}
