/*
 * This tab's side of "which tab streams what" (see liveLocks.ts): it holds a
 * session's live lock while it streams a reply there, and for replies it
 * shows as streaming in another tab it waits until no tab holds that lock,
 * then reports them (their tab is gone, or done: the caller reads the
 * record to know which).
 */
import type { ChatMessage } from '../model';
import type { LiveLocks } from './liveLocks';

export class LiveReplies {
  private readonly holds = new Map<string, () => void>();
  private readonly waits = new Map<string, { cancel: () => void }>();

  constructor(
    private readonly locks: LiveLocks,
    /** No tab streams `sessionId` any more; `replyIds` were shown streaming. */
    private readonly onFree: (sessionId: string, replyIds: ReadonlySet<string>) => void,
  ) {}

  /**
   * This tab streams a reply in the session (true) or no longer does.
   * Cheap when unchanged; says whether it changed.
   */
  streamingHere(sessionId: string, streaming: boolean): boolean {
    const release = this.holds.get(sessionId);
    if (streaming === Boolean(release)) return false;
    if (release) {
      this.holds.delete(sessionId);
      release();
    } else {
      this.holds.set(sessionId, this.locks.hold(sessionId));
    }
    return true;
  }

  /**
   * Waits for the session's replies that show as streaming and are not this
   * tab's (`liveHere`); replaces an earlier wait for the session.
   */
  watch(sessionId: string, messages: readonly ChatMessage[], liveHere?: string): void {
    this.unwatch(sessionId);
    const replyIds = new Set<string>();
    for (const m of messages) {
      if (m.role === 'agent' && m.status === 'streaming' && m.id !== liveHere) replyIds.add(m.id);
    }
    if (replyIds.size === 0) return;
    const wait = { cancel: () => {} };
    this.waits.set(sessionId, wait);
    wait.cancel = this.locks.whenFree(sessionId, () => {
      if (this.waits.get(sessionId) !== wait) return;
      this.waits.delete(sessionId);
      this.onFree(sessionId, replyIds);
    });
  }

  unwatch(sessionId: string): void {
    this.waits.get(sessionId)?.cancel();
    this.waits.delete(sessionId);
  }

  /** The session is gone from this tab. */
  forget(sessionId: string): void {
    this.streamingHere(sessionId, false);
    this.unwatch(sessionId);
  }

  dispose(): void {
    for (const id of Array.from(this.holds.keys())) this.streamingHere(id, false);
    for (const id of Array.from(this.waits.keys())) this.unwatch(id);
  }
}
