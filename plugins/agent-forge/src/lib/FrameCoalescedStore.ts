import type { FrameScheduler } from './frameScheduler';

/**
 * An external store (for `useSyncExternalStore`) whose snapshot is rebuilt at
 * most once per animation frame however often `schedule()` is called, or at
 * once with `publishNow()`. `build` runs only when a snapshot is published.
 */
export class FrameCoalescedStore<T> {
  private readonly listeners = new Set<() => void>();
  private cancelFrame?: () => void;
  private snapshot: T;
  private disposed = false;

  constructor(private readonly build: () => T, private readonly scheduleFrame: FrameScheduler) {
    this.snapshot = build();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): T => this.snapshot;

  /** Publishes at the next frame (once, however many calls come before it). */
  schedule(): void {
    if (this.cancelFrame || this.disposed) return;
    this.cancelFrame = this.scheduleFrame(() => {
      this.cancelFrame = undefined;
      this.publish();
    });
  }

  /** Publishes now, folding in any scheduled publish. */
  publishNow(): void {
    this.cancelFrame?.();
    this.cancelFrame = undefined;
    this.publish();
  }

  /** Stops publishing and forgets every listener. */
  dispose(): void {
    this.disposed = true;
    this.cancelFrame?.();
    this.cancelFrame = undefined;
    this.listeners.clear();
  }

  private publish(): void {
    if (this.disposed) return;
    this.snapshot = this.build();
    for (const listener of Array.from(this.listeners)) listener();
  }
}
