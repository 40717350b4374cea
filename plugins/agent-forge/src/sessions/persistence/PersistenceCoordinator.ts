import type { PersistedSession } from './records';
import { recordLength, trimRecord } from './fitRecord';
import type { StorageNotice } from './notices';
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

/** The part of a session persistence needs. */
export interface Persistable {
  readonly id: string;
  toRecord(): PersistedSession;
}

export interface PersistenceOptions {
  now?: () => number;
  /** Minimum time between two writes of one streaming session. */
  streamWriteIntervalMs?: number;
  soonDelayMs?: number;
  onNotice: (notice: StorageNotice) => void;
}

/**
 * Room left free after a record was cut to fit, so that the other chats'
 * next writes (a message, a rename) still fit: a tenth of the record, at
 * most 200,000 characters.
 */
export function headroomFor(length: number): number {
  return Math.min(Math.floor(length / 10), 200_000);
}

/**
 * Decides when sessions are written. While a reply streams, a session is
 * written at most once per second (plus once when the taskId is known and
 * once at the end of the turn), never once per chunk; other sessions are never
 * written because one changed.
 *
 * When storage is full, a session's record is cut down to what fits (see
 * fitRecord.ts): never another chat's. The length that fitted is remembered
 * per session, so the next writes of a streaming session cut to it at once
 * (one write each, no new search); a record that shrinks back under it is
 * written whole again, and a deleted session frees room for all of them.
 */
export class PersistenceCoordinator<S extends Persistable> {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lastWrite = new Map<string, number>();
  /** Sessions whose record did not fit whole: the length it is cut to. */
  private readonly budgets = new Map<string, number>();
  /** Sessions the user was told about (trimmed, or not saved at all). */
  private readonly toldTrimmed = new Set<string>();
  private readonly toldFailed = new Set<string>();
  /** Writes not yet settled (for `settled()`). */
  private readonly pending = new Set<Promise<void>>();
  /** Sessions whose record is being cut to fit (the search awaits the storage). */
  private readonly fitting = new Set<string>();
  /** Written again once the search under way ends. */
  private readonly writeAgain = new Map<string, S>();
  /** Deleted while a search was under way: it stops. */
  private readonly forgotten = new Set<string>();
  private readonly now: () => number;
  private readonly interval: number;
  private readonly soonDelay: number;

  constructor(
    private readonly repository: SessionRepository,
    private readonly options: PersistenceOptions,
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
    this.writeAgain.delete(id);
    if (this.fitting.has(id)) this.forgotten.add(id);
    // Its room is free: every cut record may fit whole, or longer, again.
    this.budgets.clear();
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
    const { id } = session;
    const timer = this.timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(id);
    this.lastWrite.set(id, this.now());
    this.forgotten.delete(id);
    if (this.fitting.has(id)) {
      this.writeAgain.set(id, session);
      return;
    }
    // The first save call runs synchronously (a write on page hide lands).
    const done = this.store(session);
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
  }

  /** Resolves once no write is under way, including the searches for what fits. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(Array.from(this.pending));
  }

  private async store(session: S): Promise<void> {
    const record = session.toRecord();
    const budget = this.budgets.get(session.id);
    const whole = budget === undefined || recordLength(record) <= budget;
    const attempt = whole ? record : trimRecord(record, budget);
    if (attempt) {
      const outcome = await this.save(attempt);
      if (outcome === 'saved') {
        if (whole) this.budgets.delete(session.id);
        return;
      }
      if (outcome === 'failed') return;
    }
    const { id } = session;
    if (this.fitting.has(id)) {
      this.writeAgain.set(id, session);
      return;
    }
    this.fitting.add(id);
    try {
      await this.fit(id, record, attempt ? recordLength(attempt) : recordLength(record));
    } finally {
      this.fitting.delete(id);
      this.forgotten.delete(id);
      const again = this.writeAgain.get(id);
      this.writeAgain.delete(id);
      if (again) this.write(again);
    }
  }

  /**
   * Finds about the longest cut of `record` that fits (a binary search on
   * the length, each probe a real write: only the storage knows its room),
   * then leaves some room free and remembers that length.
   */
  private async fit(id: string, record: PersistedSession, tooLong: number): Promise<void> {
    const precision = Math.max(1024, Math.ceil(recordLength(record) / 64));
    let fits: number | undefined;
    let low = 0;
    let high = tooLong;
    while (high - low > precision) {
      if (this.forgotten.has(id)) return;
      const middle = Math.floor((low + high) / 2);
      const candidate = trimRecord(record, middle);
      if (!candidate) {
        low = middle; // too short to hold the latest message: look longer
        continue;
      }
      const outcome = await this.save(candidate);
      if (outcome === 'failed') return;
      if (outcome === 'saved') {
        fits = middle;
        low = middle;
      } else {
        high = middle;
      }
    }
    if (fits === undefined) {
      this.tell(this.toldFailed, { kind: 'save-failed', sessionId: id, title: record.title });
      return;
    }
    const target = fits - headroomFor(fits);
    const roomier = trimRecord(record, target);
    if (roomier && !this.forgotten.has(id) && (await this.save(roomier)) === 'saved') {
      this.budgets.set(id, target);
    } else {
      this.budgets.set(id, fits);
    }
    this.tell(this.toldTrimmed, { kind: 'trimmed', sessionId: id, title: record.title });
  }

  /** One write; `full` when the storage has no room for it. */
  private async save(record: PersistedSession): Promise<'saved' | 'full' | 'failed'> {
    try {
      await this.repository.save(record);
      this.toldFailed.delete(record.id);
      return 'saved';
    } catch (error) {
      if (error instanceof StorageQuotaError) return 'full';
      const detail = String((error as Error)?.message ?? error);
      this.tell(this.toldFailed, { kind: 'save-failed', sessionId: record.id, title: record.title, detail });
      return 'failed';
    }
  }

  private tell(told: Set<string>, notice: StorageNotice & { sessionId: string }): void {
    if (told.has(notice.sessionId)) return;
    told.add(notice.sessionId);
    this.options.onNotice(notice);
  }
}
