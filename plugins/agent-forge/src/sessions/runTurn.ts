import type { AgentClient, StreamHooks } from '../a2a/AgentClient';
import { classifyAgentError, type AgentError } from '../a2a/errors';
import type { A2AEvent } from '../a2a/types';
import { shouldYield, yieldToMain } from '../lib/yieldToMain';
import type { AgentMessageStatus } from './model';
import { suggestsStaleCard } from './agentConnection';
import { isTaskGone, MAX_RECONNECT_ATTEMPTS, pause, resumeTask } from './resume';
import type { Turn } from './turn';
import { OUTCOME_BY_STATE } from './turnOutcome';

/** A stream that closed while its task was still running. */
class StreamEndedEarlyError extends Error {
  constructor() {
    super('The stream ended before the task did');
    this.name = 'StreamEndedEarlyError';
  }
}

/** Opens the event stream of a turn's request (a new message, or re-attaching to a task). */
export type OpenStream = (client: AgentClient, signal: AbortSignal, hooks: StreamHooks) => AsyncIterable<A2AEvent>;

/** What the loop needs from the session that owns the turn. */
export interface TurnOwner {
  getClient(): Promise<AgentClient>;
  /** The requestId guard: false once the turn was superseded, stopped or deleted. */
  owns(turn: Turn): boolean;
  apply(turn: Turn, event: A2AEvent): void;
  /** Ends the turn with an outcome (and the error that ended it). */
  settle(turn: Turn, outcome: AgentMessageStatus, error?: AgentError): void;
  /** Shows a reconnect attempt (at once), or clears it with undefined (shown with the next event). */
  showReconnecting(state: { attempt: number; maxAttempts: number } | undefined): void;
  /** Shows (true) or clears (false) that the stream waits for a free slot (the page's cap). */
  showQueued(queued: boolean): void;
  reconnectDelayMs(attempt: number): number;
  /** The agent answered this turn through `client`. */
  reached(client: AgentClient): void;
  /** The request failed before any answer as if the client's card were stale. */
  endpointFailed(error: AgentError): void;
}

/**
 * Consumes a turn's events until the turn ends. A stream that breaks with a
 * network error (or ends early) after the task is known is re-attached
 * (resubscribe, then tasks/get) with bounded exponential backoff, at most
 * MAX_RECONNECT_ATTEMPTS times per turn; if that fails the reply stays
 * interrupted, partial text kept. Nothing is ever re-sent. `resuming`: the
 * turn itself re-attaches (after a reload).
 */
export async function runTurn(turn: Turn, open: OpenStream, owner: TurnOwner, resuming = false): Promise<void> {
  const signal = turn.streaming.abortController.signal;
  const hooks: StreamHooks = { onQueued: queued => owner.showQueued(queued) };
  let source = open;
  let attempt = 0;
  for (;;) {
    let client: AgentClient | undefined;
    let answered = false;
    try {
      client = await owner.getClient();
      if (!owner.owns(turn)) return;
      for await (const event of source(client, signal, hooks)) {
        if (!owner.owns(turn)) return;
        if (!answered) {
          answered = true;
          owner.reached(client);
        }
        owner.showReconnecting(undefined);
        owner.apply(turn, event);
        // v1.0 has no `final` flag: a terminal or input-required state ends
        // the turn. Leaving the loop closes the HTTP stream.
        if (turn.ended) break;
        // A fast stream must not hold the tab: let input (Stop) and frames in.
        if (shouldYield()) {
          await yieldToMain();
          if (!owner.owns(turn)) return;
        }
      }
      if (!owner.owns(turn)) return;
      if (turn.ended || !turn.taskId) {
        owner.settle(turn, OUTCOME_BY_STATE[turn.state] ?? 'complete');
        return;
      }
      // The stream ended while the task was still running (a proxy timing it
      // out, a truncated last event): that is a drop, not an answer.
      throw new StreamEndedEarlyError();
    } catch (error) {
      if (!owner.owns(turn)) return;
      const reattaching = resuming || attempt > 0;
      if (reattaching && isTaskGone(error)) {
        // The partial text stays; the user can retry the question.
        turn.notice = 'The agent no longer knows this task, so the rest of this reply cannot be fetched.';
        owner.settle(turn, 'interrupted');
        return;
      }
      const failure = classifyAgentError(error);
      const taskId = turn.taskId;
      if (failure.kind === 'idle' && taskId) {
        // Silence is not a drop: re-attaching would most likely be silent
        // too. The task may still be running; Resume is the user's.
        turn.notice = `${failure.message} The task may still be running on the agent: Resume fetches the rest.`;
        owner.settle(turn, 'interrupted');
        return;
      }
      // The card was read, but its endpoint does not answer: it may have
      // moved since. The next attempt (never an automatic re-send) reads it again.
      if (client && !answered && suggestsStaleCard(failure)) owner.endpointFailed(failure);
      const dropped = failure.kind === 'network' || error instanceof StreamEndedEarlyError;
      if (!dropped || !taskId || attempt >= MAX_RECONNECT_ATTEMPTS) {
        owner.settle(turn, attempt > 0 ? 'interrupted' : 'failed', failure);
        return;
      }
      attempt += 1;
      owner.showReconnecting({ attempt, maxAttempts: MAX_RECONNECT_ATTEMPTS });
      try {
        await pause(owner.reconnectDelayMs(attempt), signal);
      } catch {
        return; // stopped or deleted while waiting
      }
      if (!owner.owns(turn)) return;
      source = (c, s, h) => resumeTask(c, taskId, s, { hooks: h });
    }
  }
}
