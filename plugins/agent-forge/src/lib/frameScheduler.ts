import { reportLater } from './reportLater';

/** Schedules `callback` once; returns a function that cancels it. */
export type FrameScheduler = (callback: () => void) => () => void;

/** Requests one call of `callback` with a timestamp in ms (requestAnimationFrame's shape). */
export type RequestFrame = (callback: (time: number) => void) => void;

export interface BatchedFrameSchedulerOptions {
  /**
   * At most this many flushes in any second, whatever the display's refresh
   * rate (a token bucket: frames that come too soon are skipped). Default 50:
   * React then commits a streaming session at most ~50 times a second, under
   * a 60 Hz display's frame budget, leaving the frames in between to input.
   */
  maxFlushesPerSecond?: number;
  /** Default: requestAnimationFrame, or a 16 ms timer without it (tests, workers). */
  requestFrame?: RequestFrame;
}

const defaultRequestFrame: RequestFrame = callback => {
  if (typeof requestAnimationFrame === 'function') {
    requestAnimationFrame(callback);
    return;
  }
  setTimeout(() => callback(Date.now()), 16);
};

/**
 * One scheduler for every store of a page: whatever is scheduled before a
 * frame runs in that frame, one after another in a single task, so React
 * folds all sessions' publishes into one commit (useSyncExternalStore updates
 * made in one task render together). Each callback runs once per schedule
 * call; cancelling removes it from the batch.
 */
export function createBatchedFrameScheduler(options: BatchedFrameSchedulerOptions = {}): FrameScheduler {
  const rate = (options.maxFlushesPerSecond ?? 50) / 1000;
  const requestFrame = options.requestFrame ?? defaultRequestFrame;
  // A bucket of 1.5 lets a flush through on most frames (5 of 6 at 60 Hz for
  // 50/s) while the sum over any second stays under the rate plus 1.5.
  const capacity = 1.5;
  const pending = new Set<{ callback: () => void }>();
  let requested = false;
  let tokens = capacity;
  let lastFrame: number | undefined;

  const onFrame = (time: number) => {
    requested = false;
    if (lastFrame !== undefined) tokens = Math.min(capacity, tokens + Math.max(0, time - lastFrame) * rate);
    lastFrame = time;
    if (pending.size === 0) return;
    if (tokens < 1) {
      request();
      return;
    }
    tokens -= 1;
    const batch = Array.from(pending);
    pending.clear();
    for (const entry of batch) {
      try {
        entry.callback();
      } catch (error) {
        // A callback's failure must not stop the rest of the frame's batch.
        reportLater(error);
      }
    }
  };

  function request() {
    if (requested) return;
    requested = true;
    requestFrame(onFrame);
  }

  return callback => {
    const entry = { callback };
    pending.add(entry);
    request();
    return () => {
      pending.delete(entry);
    };
  };
}
