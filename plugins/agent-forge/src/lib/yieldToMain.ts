/**
 * Cooperative time slicing for loops that consume fast streams. Events of a
 * stream that is already buffered arrive as a chain of promise callbacks,
 * which never leaves room for the browser's input events: a click on Stop
 * would wait until the chain ends. A loop asks `shouldYield()` after each
 * event and, when the current task has run for a slice, awaits
 * `yieldToMain()`, letting input and rendering in before it goes on.
 */

import { nextTask, now } from './nextTask';

/**
 * Work allowed in one task before the consuming loops let the browser in:
 * input waits at most this long for a stream (React's scheduler uses 5 ms
 * slices for the same reason).
 */
export const SLICE_MS = 5;

/** When the current slice started; undefined until a loop asks in a new task. */
let sliceStart: number | undefined;

/** Whether the consuming loops have used up the current task's slice. */
export function shouldYield(): boolean {
  if (sliceStart === undefined) {
    sliceStart = now();
    // The slice ends with the task: the next task starts a new one.
    nextTask(() => {
      sliceStart = undefined;
    });
    return false;
  }
  return now() - sliceStart > SLICE_MS;
}

/** Resolves in a later task, after pending input events had their turn. */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise(resolve => nextTask(resolve));
}
