import type { PersistedSession } from './records';
import { StorageQuotaError, type SessionRepository } from './SessionRepository';

/** How soon a change must reach storage. */
export type WriteUrgency =
  /** A user action or the end of a turn: write now. */
  | 'now'
  /** A turn started: write within a moment (the taskId usually comes first). */
  | 'soon'
  /** A chunk arrived: at most one write per interval per session. */
  | 'stream'
  /** The taskId became known: write now, it is what a reload resumes from. */
  | 'anchor';

export interface PersistenceNotice {
  kind: 'pruned' | 'save-failed';
  message: string;
}

/** The part of a session persistence needs. */
export interface Persistable {
  readonly id: string;
  toRecord(): PersistedSession;
}

export interface PersistenceOptions<S extends Persistable> {
  now?: () => number;
  /** Minimum time between two writes of one streaming session. */
  streamWriteIntervalMs?: number;
  soonDelayMs?: number;
  /** Sessions whose transcripts may be dropped when storage is full, oldest idle first. */
  pruneCandidates: () => S[];
  /** A session's transcript was dropped from storage; drop it in memory too. */
  onPruned: (session: S) => void;
  onNotice: (notice: PersistenceNotice) => void;
}

/**
 * Decides when sessions are written. While a reply streams, a session is
 * written at most once per second (plus once when the taskId is known and
 * once at the end of the turn), never once per chunk; other sessions are never
 * written because one changed.
 */
export class PersistenceCoordinator<S extends Persistable> {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lastWrite = new Map<string, number>();
  private readonly now: () => number;
  private readonly interval: number;
  private readonly soonDelay: number;

  constructor(
    private readonly repository: SessionRepository,
    private readonly options: PersistenceOptions<S>,
  ) {
    this.now = options.now ?? Date.now;
    this.interval = options.streamWriteIntervalMs ?? 1000;
    this.soonDelay = options.soonDelayMs ?? 250;
  }

  changed(session: S, urgency: WriteUrgency): void {
    switch (urgency) {
      case 'now':
      case 'anchor':
        this.write(session);
        break;
      case 'soon':
        this.schedule(session, this.soonDelay);
        break;
      default: {
        const since = this.now() - (this.lastWrite.get(session.id) ?? -Infinity);
        this.schedule(session, Math.max(0, this.interval - since));
      }
    }
  }

  /** Writes pending changes at once, e.g. when the page is hidden or closed. */
  flush(sessions: Iterable<S>): void {
    for (const session of sessions) {
      if (this.timers.has(session.id)) this.write(session);
    }
  }

  /** Drops any pending write of a deleted session. */
  forget(id: string): void {
    const timer = this.timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(id);
    this.lastWrite.delete(id);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(session: S, delay: number): void {
    if (this.timers.has(session.id)) return;
    this.timers.set(
      session.id,
      setTimeout(() => this.write(session), delay),
    );
  }

  private write(session: S): void {
    const timer = this.timers.get(session.id);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(session.id);
    this.lastWrite.set(session.id, this.now());
    const record = session.toRecord();
    this.repository.save(record).catch(error => this.recover(session, record, error));
  }

  /** On a full storage, drops the oldest idle transcripts until the write fits. */
  private async recover(session: S, record: PersistedSession, error: unknown): Promise<void> {
    if (!(error instanceof StorageQuotaError)) {
      this.options.onNotice({ kind: 'save-failed', message: `A chat could not be saved: ${String((error as Error)?.message ?? error)}` });
      return;
    }
    const pruned: string[] = [];
    for (const candidate of this.options.pruneCandidates()) {
      if (candidate.id === session.id) continue;
      const full = candidate.toRecord();
      if (full.pruned || full.messages.length === 0) continue;
      try {
        await this.repository.save({ ...full, messages: [], pruned: true });
      } catch {
        continue;
      }
      this.options.onPruned(candidate);
      pruned.push(full.title);
      try {
        await this.repository.save(record);
        this.options.onNotice({
          kind: 'pruned',
          message: `Browser storage was full, so the messages of ${pruned.length} older chat${pruned.length > 1 ? 's' : ''} (${pruned.join(', ')}) were removed.`,
        });
        return;
      } catch (retryError) {
        if (!(retryError instanceof StorageQuotaError)) break;
      }
    }
    this.options.onNotice({
      kind: 'save-failed',
      message:
        pruned.length > 0
          ? `Browser storage is full: the messages of ${pruned.length} older chat(s) were removed, but the latest messages of this chat could still not be saved.`
          : 'Browser storage is full and no older chat could be trimmed; the latest messages of this chat are not saved.',
    });
  }
}
