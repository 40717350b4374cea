type Callback = () => void;

/**
 * Runs `callback` in a later task, not a microtask, so that what the browser
 * has queued meanwhile (input events, rendering) goes first.
 */
export const nextTask: (callback: Callback) => void = (() => {
  if (typeof setImmediate === 'function') return (callback: Callback) => void setImmediate(callback);
  if (typeof MessageChannel === 'function') {
    // Not clamped to 4 ms like nested timers; one channel serves every caller.
    const queue: Callback[] = [];
    const channel = new MessageChannel();
    channel.port1.onmessage = () => queue.shift()?.();
    return (callback: Callback) => {
      queue.push(callback);
      channel.port2.postMessage(null);
    };
  }
  return (callback: Callback) => void setTimeout(callback, 0);
})();

export const now: () => number =
  typeof performance !== 'undefined' && typeof performance.now === 'function'
    ? () => performance.now()
    : () => Date.now();
