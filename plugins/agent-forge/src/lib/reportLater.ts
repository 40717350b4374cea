/**
 * Reports an error without stopping the caller's loop or chain: it is
 * thrown again in a task of its own, where the page's error handling (and
 * the browser console) see it, and what follows the failed callback still
 * runs.
 */
export function reportLater(error: unknown): void {
  setTimeout(() => {
    throw error;
  }, 0);
}
