/*
 * Helpers for the fault tests (sessions/faults*.integration.test.ts): real
 * demo agents, real SDK clients, real sessions; nothing here mocks the
 * protocol. See the fault directives in packages/demo-agent/README.md.
 */
import { createServer } from 'node:net';
import type { AgentClient } from '../a2a/AgentClient';
import type { AgentError } from '../a2a/errors';
import { isTerminalState } from '../a2a/types';
import type { ChatSession } from '../sessions/ChatSession';
import type { AgentMessage, ChatMessage, SessionSnapshot } from '../sessions/model';
import { InMemorySessionRepository } from '../sessions/persistence/InMemorySessionRepository';
import type { PersistedSession } from '../sessions/persistence/records';
import { SessionManager, type SessionManagerOptions } from '../sessions/SessionManager';
import { jsonRpcMethod, lastReply, type Harness } from './demoAgentHarness';

/** The SDK logs the errors the agent raises on purpose (/error): keep a suite's output readable. */
export function silenceAgentErrorLogs(): void {
  let consoleError: jest.SpyInstance;
  beforeAll(() => {
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterAll(() => consoleError.mockRestore());
}

/** Node has no animation frames; a zero timer keeps publishes coalesced. */
export function zeroTimerFrames(callback: () => void): () => void {
  const timer = setTimeout(callback, 0);
  return () => clearTimeout(timer);
}

/** A manager over any client source (the harness's createManager is tied to its client). */
export function managerFor(
  getClient: () => Promise<AgentClient>,
  options: Partial<SessionManagerOptions> = {},
): SessionManager {
  return new SessionManager({ getClient, scheduleFrame: zeroTimerFrames, ...options });
}

/** A TCP port that nothing listens on (right now). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

/** Markup of any kind: tags, doctype, comments. */
export const HTML_MARKUP = /<\s*\/?\s*(!doctype|html|head|body|title|h\d|p|hr|div|span|pre|code|address|style|script|form|input|br)\b|<!--/i;

/** The error a user sees: classified, readable, free of markup. */
export function readableError(error: AgentError | undefined): AgentError {
  if (!error) throw new Error('expected an error on the session');
  const shown = `${error.message} ${error.detail ?? ''}`;
  if (HTML_MARKUP.test(shown)) throw new Error(`error text contains HTML: ${shown}`);
  if (error.message.length < 10) throw new Error(`error message is not a sentence: ${error.message}`);
  return error;
}

/** The stored record of a session (what a reload would see). */
export async function storedRecord(
  repository: InMemorySessionRepository,
  sessionId: string,
): Promise<PersistedSession | undefined> {
  const { sessions } = await repository.load();
  return sessions.find(s => s.id === sessionId);
}

/** Roles, texts and statuses: what must survive in storage. */
export function transcript(messages: readonly ChatMessage[]) {
  return messages.map(m => ({ role: m.role, text: m.text, status: m.role === 'agent' ? m.status : 'sent' }));
}

/** The user messages of a snapshot, texts only. */
export function userTexts(snapshot: SessionSnapshot | PersistedSession): string[] {
  return snapshot.messages.filter(m => m.role === 'user').map(m => m.text);
}

/**
 * The agent's own complete answer for a task (its `final_result`), once the
 * task has ended: follows the task with resubscribe while it still runs.
 */
export async function agentFinalText(client: AgentClient, taskId: string): Promise<string> {
  let task = await client.getTask(taskId);
  if (!isTerminalState(task.state)) {
    try {
      for await (const event of client.resubscribe(taskId, new AbortController().signal)) {
        if ((event.kind === 'status' || event.kind === 'task') && isTerminalState(event.state)) break;
      }
    } catch {
      // It ended between getTask and resubscribe.
    }
    task = await client.getTask(taskId);
  }
  const final = task.artifacts.find(a => a.name === 'final_result');
  if (!final) throw new Error(`task ${taskId} has no final_result (state ${task.state})`);
  return final.text;
}

// ---- assertions shared by the fault tests ------------------------------

/** What the unaffected session asks. */
export const BYSTANDER = '/chunks 30 /delay 1 a normal question from another session';

/** Two sessions of one manager: one hits the fault, the other asks a normal question. */
export async function faultBesideBystander(harness: Harness, faultyPrompt: string) {
  const repository = new InMemorySessionRepository();
  const manager = harness.createManager({ repository });
  await manager.load();
  const faulty = manager.createSession();
  const bystander = manager.createSession();
  await Promise.all([faulty.send(faultyPrompt), bystander.send(BYSTANDER)]);
  return { manager, repository, faulty, bystander };
}

/** The other session got its whole answer, and storage holds it. */
export async function expectUnaffected(
  client: AgentClient,
  session: ChatSession,
  repository: InMemorySessionRepository,
  prompts: string[] = [BYSTANDER],
) {
  const snapshot = session.getSnapshot();
  expect(snapshot.status).toBe('idle');
  expect(snapshot.error).toBeUndefined();
  expect(userTexts(snapshot)).toEqual(prompts);
  const reply = lastReply(snapshot);
  expect(reply.status).toBe('complete');
  expect(reply.text).toBe(await agentFinalText(client, snapshot.taskId!));
  expect(transcript((await storedRecord(repository, session.id))!.messages)).toEqual(transcript(snapshot.messages));
}

/** The faulty session shows a readable failure and kept what the user wrote, in memory and in storage. */
export async function expectFailedInPlace(session: ChatSession, repository: InMemorySessionRepository, prompt: string) {
  const snapshot = session.getSnapshot();
  expect(snapshot.status).toBe('error');
  expect(snapshot.messages.map(m => m.role)).toEqual(['user', 'agent']);
  expect(userTexts(snapshot)).toEqual([prompt]);
  const reply = lastReply(snapshot) as AgentMessage;
  expect(reply.status).toBe('failed');
  const error = readableError(reply.error);
  expect(snapshot.error).toEqual(reply.error);
  const record = await storedRecord(repository, session.id);
  expect(userTexts(record!)).toEqual([prompt]);
  expect(transcript(record!.messages)).toEqual(transcript(snapshot.messages));
  expect((record!.messages[1] as AgentMessage).error).toEqual(reply.error);
  return { snapshot, reply, error };
}

/** The chunks the agent stored for a task (tasks/get merges them into one artifact). */
export async function streamedText(client: AgentClient, taskId: string): Promise<string> {
  const task = await client.getTask(taskId);
  return task.artifacts.find(a => a.name === 'streaming_result')?.text ?? '';
}

// ---- an observing fetch -------------------------------------------------

/** One HTTP exchange as seen by {@link observingFetch}. */
export interface Exchange {
  url: string;
  method?: string;
  body: string;
  status?: number;
  /** The JSON body of a non-streaming response, when it parsed. */
  json?: unknown;
}

/**
 * A fetch that records every exchange (including the JSON answers of
 * non-streaming calls) and can hold back a streaming response after its
 * first SSE event: the client then sees the task start while the agent
 * finishes it, which is the window in which "cancel a finished task" happens.
 */
export function observingFetch() {
  const exchanges: Exchange[] = [];
  const listeners = new Set<() => void>();
  const holds: Array<{ match: (body: string) => boolean; onUpstreamEnd: () => void }> = [];

  const notify = () => listeners.forEach(l => l());

  const fetchImpl: typeof fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    const method = jsonRpcMethod(body);
    const exchange: Exchange = { url: String(input), method, body };
    exchanges.push(exchange);
    notify();
    const response = await fetch(input, init);
    exchange.status = response.status;
    const hold = holds.find(h => h.match(body));
    if (hold && response.body && response.headers.get('content-type')?.startsWith('text/event-stream')) {
      holds.splice(holds.indexOf(hold), 1);
      return new Response(holdAfterFirstEvent(response.body, init?.signal ?? undefined, hold.onUpstreamEnd), {
        status: response.status,
        headers: response.headers,
      });
    }
    if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
      response
        .clone()
        .json()
        .then(
          json => {
            exchange.json = json;
            notify();
          },
          () => notify(),
        );
    } else {
      notify();
    }
    return response;
  };

  return {
    fetch: fetchImpl,
    exchanges,
    /** Resolves with the first exchange (past or future) that matches. */
    exchangeWhere(match: (exchange: Exchange) => boolean): Promise<Exchange> {
      const seen = exchanges.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise(resolve => {
        const listener = () => {
          const found = exchanges.find(match);
          if (!found) return;
          listeners.delete(listener);
          resolve(found);
        };
        listeners.add(listener);
      });
    },
    /**
     * The next streaming response whose request body matches is delivered up
     * to its first SSE event only; the returned promise resolves when the
     * agent has sent the whole stream (the task is over on the agent).
     */
    holdAfterFirstEvent(match: (body: string) => boolean): Promise<void> {
      return new Promise(resolve => holds.push({ match, onUpstreamEnd: resolve }));
    },
  };
}

function holdAfterFirstEvent(
  upstream: ReadableStream<Uint8Array>,
  signal: AbortSignal | undefined,
  onUpstreamEnd: () => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let text = '';
      let sentFirst = false;
      const fail = () => {
        try {
          controller.error(new DOMException('The operation was aborted.', 'AbortError'));
        } catch {
          // already closed
        }
      };
      if (signal?.aborted) fail();
      signal?.addEventListener('abort', fail, { once: true });
      void (async () => {
        const reader = upstream.getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            text += decoder.decode(value, { stream: true });
            const end = text.indexOf('\n\n');
            if (!sentFirst && end >= 0) {
              sentFirst = true;
              controller.enqueue(encoder.encode(text.slice(0, end + 2)));
            }
          }
          onUpstreamEnd();
        } catch {
          fail(); // the request was aborted before the agent finished
        }
      })();
    },
  });
}
