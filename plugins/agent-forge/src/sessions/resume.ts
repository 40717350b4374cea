import type { AgentClient, StreamHooks } from '../a2a/AgentClient';
import { classifyAgentError } from '../a2a/errors';
import { endsTurn, type A2AEvent } from '../a2a/types';

export interface ResumeOptions {
  /** First delay between two `tasks/get` polls; doubles up to `maxPollMs`. */
  firstPollMs?: number;
  maxPollMs?: number;
  /** Passed to the resubscribe stream (it takes a slot of the page's cap like any stream). */
  hooks?: StreamHooks;
}

/** Waits `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new DOMException('Aborted', 'AbortError'));
      return;
    }
    const pending: { timer?: ReturnType<typeof setTimeout> } = {};
    const onAbort = () => {
      clearTimeout(pending.timer);
      reject(new DOMException('Aborted', 'AbortError'));
    };
    pending.timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Events of a task the client lost track of. `tasks/resubscribe` first (a
 * snapshot, then live events); when the agent refuses (the task already
 * finished, or it cannot resubscribe), `tasks/get` polled with exponential
 * backoff until the task ends. A task the agent does not know makes the
 * generator throw a TASK_NOT_FOUND error.
 */
export async function* resumeTask(
  client: AgentClient,
  taskId: string,
  signal: AbortSignal,
  options: ResumeOptions = {},
): AsyncGenerator<A2AEvent> {
  try {
    yield* client.resubscribe(taskId, signal, options.hooks);
    return;
  } catch (error) {
    // Stopped, or silent for too long: polling would not change either.
    const kind = classifyAgentError(error).kind;
    if (kind === 'aborted' || kind === 'idle') throw error;
  }
  let delay = options.firstPollMs ?? 500;
  const maxDelay = options.maxPollMs ?? 8000;
  for (;;) {
    const task = await client.getTask(taskId, signal);
    yield task;
    if (endsTurn(task.state)) return;
    await pause(delay, signal);
    delay = Math.min(delay * 2, maxDelay);
  }
}

/** Whether an error means the agent no longer knows the task. */
export function isTaskGone(error: unknown): boolean {
  const classified = classifyAgentError(error);
  return classified.reason === 'TASK_NOT_FOUND' || classified.code === -32001;
}

/** Reconnect attempts after a dropped stream before the reply is left interrupted. */
export const MAX_RECONNECT_ATTEMPTS = 5;

/** Exponential backoff: 0.5 s, 1 s, 2 s, 4 s, 8 s (about 15 s in all). */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(500 * 2 ** (attempt - 1), 8000);
}
