import { nextTask, now } from '../../lib/nextTask';

/**
 * A time budget for parsing markdown, shared by every block on the page. A
 * reply that arrives at once (or a long one shown again) may hold hundreds of
 * blocks; parsing them all in one render would hold the main thread for as
 * long as that takes. Blocks parse while the current task's budget lasts;
 * the others show their plain text and are parsed in the tasks that follow,
 * so the page answers input in between.
 */

/** Parse time allowed per task (a render). */
export const PARSE_BUDGET_MS = 10;
/** Delay before blocks that waited try again: about one frame. */
const RETRY_MS = 16;

/** Parse time spent in the current task; undefined until a block parses in a new task. */
let spent: number | undefined;
const waiting = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | undefined;

/** Whether a parse may start now. */
export function mayParse(): boolean {
  if (spent === undefined) {
    spent = 0;
    // The budget renews with the task.
    nextTask(() => {
      spent = undefined;
    });
  }
  return spent < PARSE_BUDGET_MS;
}

/** Parses with `parse`, charging its time to the current task; returns the time it took. */
export function timedParse<T>(parse: () => T): { result: T; ms: number } {
  const start = now();
  const result = parse();
  const ms = now() - start;
  spent = (spent ?? 0) + ms;
  return { result, ms };
}

function release(): void {
  timer = undefined;
  const callbacks = Array.from(waiting);
  waiting.clear();
  callbacks.forEach(callback => callback());
}

/**
 * Calls `callback` a frame later (the caller then asks `mayParse()` again).
 * Returns a function that cancels the call.
 */
export function whenBudgetRenews(callback: () => void): () => void {
  waiting.add(callback);
  if (timer === undefined) timer = setTimeout(release, RETRY_MS);
  return () => {
    waiting.delete(callback);
  };
}

/** The clock the budget uses. */
export { now as parseClock };
