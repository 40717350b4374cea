/** Schedules `callback` once; returns a function that cancels it. */
export type FrameScheduler = (callback: () => void) => () => void;

/**
 * The next animation frame, so that a streaming session publishes at most one
 * snapshot per frame. Without `requestAnimationFrame` (tests, workers) a 16 ms
 * timer stands in.
 */
export const animationFrameScheduler: FrameScheduler = callback => {
  if (typeof requestAnimationFrame === 'function') {
    const handle = requestAnimationFrame(() => callback());
    return () => cancelAnimationFrame(handle);
  }
  const timer = setTimeout(callback, 16);
  return () => clearTimeout(timer);
};
