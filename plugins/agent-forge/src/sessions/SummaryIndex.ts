import type { SessionSummary } from './model';

/**
 * The sidebar's list: one summary per session, most recent first. A summary
 * object is replaced only when one of its fields changed, so unchanged
 * sidebar items keep equal props and do not re-render.
 */
export class SummaryIndex {
  private readonly summaries = new Map<string, SessionSummary>();

  /** Brings the index up to date; returns the new list, or undefined if nothing changed. */
  sync(current: ReadonlyMap<string, { getSnapshot(): SessionSummary }>): SessionSummary[] | undefined {
    let changed = false;
    for (const id of this.summaries.keys()) {
      if (!current.has(id)) {
        this.summaries.delete(id);
        changed = true;
      }
    }
    for (const [id, session] of current) {
      const s = session.getSnapshot();
      const previous = this.summaries.get(id);
      if (
        previous &&
        previous.title === s.title &&
        previous.updatedAt === s.updatedAt &&
        previous.status === s.status &&
        previous.unread === s.unread &&
        previous.messageCount === s.messageCount &&
        previous.queued === s.queued
      ) {
        continue;
      }
      const { title, createdAt, updatedAt, status, unread, messageCount, queued } = s;
      this.summaries.set(id, { id, title, createdAt, updatedAt, status, unread, messageCount, queued });
      changed = true;
    }
    if (!changed) return undefined;
    return Array.from(this.summaries.values()).sort((a, b) => b.updatedAt - a.updatedAt);
  }
}
