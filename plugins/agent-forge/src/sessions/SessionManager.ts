import { v4 as uuid } from 'uuid';
import type { AgentClient } from '../a2a/AgentClient';
import { InFlight } from '../lib/InFlight';
import { createBatchedFrameScheduler, type FrameScheduler } from '../lib/frameScheduler';
import { AgentConnection, type ConnectionState } from './agentConnection';
import { ChatSession, type SessionHost } from './ChatSession';
import { DEFAULT_REPLY_LIMITS, type ReplyLimits } from './limits';
import { indexOfMessage } from './messageList';
import { isBusy, type AgentMessageStatus, type ChatMessage, type SessionSummary } from './model';
import { InMemorySessionRepository } from './persistence/InMemorySessionRepository';
import { NO_LIVE_LOCKS } from './persistence/liveLocks';
import { LiveReplies } from './persistence/liveReplies';
import { mergeTranscripts } from './persistence/mergeTranscripts';
import type { StorageNotice } from './persistence/notices';
import { PersistenceCoordinator, type WriteUrgency } from './persistence/PersistenceCoordinator';
import type { PersistedSession } from './persistence/records';
import type { SessionRepository, StorageChange, StorageProblem } from './persistence/SessionRepository';
import { reconnectDelayMs } from './resume';
import { applyRetention, DEFAULT_RETENTION, type RetentionPolicy } from './retention';
import { SummaryIndex } from './SummaryIndex';
import { interruptReplies, showsLiveReply } from './turnOutcome';
import type { ExecutionPlanState, StreamingState } from './turn';

export type { ConnectionState } from './agentConnection';

/** Cross-session facts only; each session's content lives in its own store. */
export interface ManagerSnapshot {
  loaded: boolean;
  /** Most recent activity first. */
  sessions: readonly SessionSummary[];
  activeSessionId?: string;
  connection: ConnectionState;
  /** Sessions with a reply in flight. */
  liveCount: number;
  /** Storage warnings and notices for the user. */
  notices: readonly StorageNotice[];
  storageWarning?: string;
  storageProblems: readonly StorageProblem[];
}

export interface ManagerEvent {
  type: 'turn-ended';
  sessionId: string;
  outcome: AgentMessageStatus;
}

export interface SessionManagerOptions {
  /** The shared agent client (in the app: AgentForgeApi.getClient). */
  getClient: () => Promise<AgentClient>;
  /** Forget the client so that the next getClient() reconnects. */
  reconnect?: () => void;
  repository?: SessionRepository | Promise<SessionRepository>;
  retention?: RetentionPolicy;
  scheduleFrame?: FrameScheduler;
  now?: () => number;
  newId?: () => string;
  streamWriteIntervalMs?: number;
  /** Backoff before each reconnect attempt after a dropped stream. */
  reconnectDelayMs?: (attempt: number) => number;
  /** How much of one reply a session keeps (tests lower them). */
  replyLimits?: Partial<ReplyLimits>;
  onEvent?: (event: ManagerEvent) => void;
}

/**
 * Owns the sessions of one page: their order, the active one, the agent
 * connection, persistence and the two per-session maps operators know from
 * the original Agent Forge, `streamingStateBySession` and
 * `executionPlanStateBySession`. Entries exist only while a reply is in flight.
 */
export class SessionManager {
  readonly streamingStateBySession = new Map<string, StreamingState>();
  readonly executionPlanStateBySession = new Map<string, ExecutionPlanState>();

  private readonly sessions = new Map<string, ChatSession>();
  private readonly summaries = new SummaryIndex();
  /** Sessions this page created (the others were loaded or came from another tab). */
  private readonly createdHere = new Set<string>();
  private readonly creations = new InFlight<string, ChatSession>();
  private readonly loads = new InFlight<'load', void>({ keepResolved: true });
  /** The header's connection state, fed by every session's requests too. */
  private readonly connection: AgentConnection;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly host: SessionHost;
  private repository?: SessionRepository;
  private persistence?: PersistenceCoordinator<ChatSession>;
  private liveReplies = new LiveReplies(NO_LIVE_LOCKS, () => undefined);
  private stopWatching?: () => void;
  private snapshot: ManagerSnapshot = {
    loaded: false,
    sessions: [],
    connection: { status: 'idle' },
    liveCount: 0,
    notices: [],
    storageProblems: [],
  };
  private disposed = false;

  constructor(private readonly options: SessionManagerOptions) {
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? uuid;
    // One scheduler for all the page's sessions: a frame's publishes make one commit.
    const scheduleFrame = options.scheduleFrame ?? createBatchedFrameScheduler();
    this.connection = new AgentConnection({
      getClient: options.getClient,
      reconnect: options.reconnect,
      onChange: connection => this.update({ connection }),
    });
    this.host = {
      getClient: () => this.connection.getClient(),
      agentReached: client => this.connection.reached(client),
      agentEndpointFailed: error => this.connection.endpointFailed(error),
      streamingStateBySession: this.streamingStateBySession,
      executionPlanStateBySession: this.executionPlanStateBySession,
      scheduleFrame,
      now: this.now,
      newId: this.newId,
      summaryChanged: session => this.onSummaryChanged(session),
      contentChanged: (session, urgency) => this.onContentChanged(session, urgency),
      turnEnded: (session, outcome) => this.onTurnEnded(session, outcome),
      reconnectDelayMs: options.reconnectDelayMs ?? reconnectDelayMs,
      replyLimits: { ...DEFAULT_REPLY_LIMITS, ...options.replyLimits },
    };
  }

  // ---- store -------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): ManagerSnapshot => this.snapshot;

  getSession(id: string | undefined): ChatSession | undefined {
    return id ? this.sessions.get(id) : undefined;
  }

  get activeSession(): ChatSession | undefined {
    return this.getSession(this.snapshot.activeSessionId);
  }

  // ---- lifecycle ---------------------------------------------------------

  /** Loads stored sessions once; concurrent callers share the load. */
  load(): Promise<void> {
    return this.loads.run('load', async () => {
      const repository: SessionRepository =
        (await this.options.repository) ?? new InMemorySessionRepository();
      if (this.disposed) return;
      this.repository = repository;
      this.persistence = new PersistenceCoordinator<ChatSession>(repository, {
        now: this.now,
        streamWriteIntervalMs: this.options.streamWriteIntervalMs,
        onNotice: notice => this.notify(notice),
      });
      const locks = repository.liveLocks ?? NO_LIVE_LOCKS;
      this.liveReplies = new LiveReplies(locks, (id, replyIds) => this.onLiveRepliesFree(id, replyIds));
      const [{ sessions, problems }, streamedElsewhere] = await Promise.all([repository.load(), locks.held()]);
      if (this.disposed) return;
      const retention = applyRetention(sessions, this.options.retention, this.now());
      for (const record of retention.expired) void repository.remove(record.id);
      if (retention.expired.length > 0) {
        const { tooOld, overLimit, maxAgeDays, maxSessions } = retention;
        this.notify({ kind: 'expired', tooOld, overLimit, maxAgeDays, maxSessions });
      }
      // One summary refresh and one publish for the whole history, not one per session.
      for (const record of retention.kept) {
        // Another tab holds its live lock: it is streaming there right now.
        const liveElsewhere = streamedElsewhere.has(record.id) && showsLiveReply(record);
        const session = this.adopt(record, { refresh: false, liveElsewhere });
        if (liveElsewhere) this.liveReplies.watch(session.id, record.messages);
      }
      this.stopWatching = repository.watch?.(change => this.onExternalChange(change));
      const storedActive = repository.loadActiveSessionId();
      const active = storedActive && this.sessions.has(storedActive) ? storedActive : this.mostRecentId();
      const list = this.summaries.sync(this.sessions) ?? this.snapshot.sessions;
      this.update({
        loaded: true,
        activeSessionId: active,
        storageWarning: repository.warning,
        storageProblems: problems,
        sessions: list,
        liveCount: list.filter(s => isBusy(s.status)).length,
      });
    });
  }

  /** Resolves the agent client and card; concurrent callers share one attempt. */
  connect(): Promise<void> {
    return this.connection.connect();
  }

  retryConnection(): Promise<void> {
    return this.connection.retry();
  }

  /**
   * Re-attaches every interrupted reply that has a taskId (after a reload or
   * after the page was left): resubscribe, not re-send, so nothing runs twice.
   */
  async resumeInterrupted(): Promise<void> {
    await this.load();
    const resumes = Array.from(this.sessions.values())
      .filter(s => s.getSnapshot().status === 'interrupted')
      .map(s => s.resume());
    await Promise.all(resumes);
  }

  /** Lets go of every reply without cancelling it (the page is going away). */
  suspendAll(): void {
    for (const session of this.sessions.values()) session.suspend();
    this.flush();
  }

  /** Writes every pending change now (the page is being hidden or closed). */
  flush(): void {
    this.persistence?.flush(this.sessions.values());
  }

  dispose(): void {
    this.flush();
    this.disposed = true;
    this.stopWatching?.();
    this.persistence?.dispose();
    this.liveReplies.dispose();
    for (const session of this.sessions.values()) session.destroy();
    this.sessions.clear();
    this.listeners.clear();
  }

  // ---- sessions ----------------------------------------------------------

  /** Creates a new, empty session and makes it active. */
  createSession(): ChatSession {
    const now = this.now();
    const session = this.adopt({
      id: this.newId(),
      title: 'New chat',
      customTitle: false,
      createdAt: now,
      updatedAt: now,
      status: 'idle',
      messages: [],
    });
    this.createdHere.add(session.id);
    this.persistence?.changed(session, 'now');
    this.setActive(session.id);
    this.enforceMaxSessions();
    return session;
  }

  /** "New chat": reuses an empty session rather than piling up blank ones. */
  newChat(): ChatSession {
    // Only an empty chat this tab created: one adopted from another tab may be
    // about to get that tab's first message.
    const empty = Array.from(this.sessions.values()).find(
      s => this.createdHere.has(s.id) && s.getSnapshot().messageCount === 0 && !s.getSnapshot().customTitle,
    );
    if (empty) {
      this.setActive(empty.id);
      return empty;
    }
    return this.createSession();
  }

  /**
   * The session a first message goes to: the active one, or one created for
   * it. Callers racing here (composer, suggestion chip, deep link) share one
   * in-flight creation, keyed by what they create.
   */
  ensureSession(key = 'active'): Promise<ChatSession> {
    return this.creations.run(key, async () => {
      await this.load();
      return this.activeSession ?? this.createSession();
    });
  }

  setActive(id: string | undefined): void {
    if (id !== undefined && !this.sessions.has(id)) return;
    this.getSession(id)?.markRead();
    if (id === this.snapshot.activeSessionId) return;
    this.repository?.saveActiveSessionId(id);
    this.update({ activeSessionId: id });
  }

  /**
   * Deletes a session: aborts and cancels its reply, removes its map entries
   * and its stored record. Returns an undo that restores the transcript.
   */
  deleteSession(id: string): (() => void) | undefined {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const record = session.toRecord();
    session.destroy();
    this.sessions.delete(id);
    this.persistence?.forget(id);
    this.liveReplies.forget(id);
    void this.repository?.remove(id);
    const activeSessionId = this.snapshot.activeSessionId === id ? this.mostRecentId() : this.snapshot.activeSessionId;
    if (activeSessionId !== this.snapshot.activeSessionId) this.repository?.saveActiveSessionId(activeSessionId);
    this.update({ activeSessionId });
    this.refreshSummaries();
    const restorable: PersistedSession = {
      ...record,
      status: isBusy(record.status) ? 'idle' : record.status,
      // The reply that was streaming was stopped by the delete.
      messages: record.messages.map(m =>
        m.role === 'agent' && m.status === 'streaming' ? { ...m, status: 'stopped' } : m,
      ),
    };
    return () => this.restore(restorable);
  }

  dismissNotice(notice: StorageNotice): void {
    this.update({ notices: this.snapshot.notices.filter(n => n !== notice) });
  }

  // ---- internals ---------------------------------------------------------

  private restore(record: PersistedSession): void {
    if (this.sessions.has(record.id) || this.disposed) return;
    const session = this.adopt(record);
    this.persistence?.changed(session, 'now');
    this.setActive(session.id);
    this.refreshSummaries();
  }

  private adopt(record: PersistedSession, options?: { liveElsewhere?: boolean; refresh?: boolean }): ChatSession {
    const session = new ChatSession(this.host, record, options);
    this.sessions.set(session.id, session);
    if (options?.refresh !== false) this.refreshSummaries();
    return session;
  }

  private onSummaryChanged(session: ChatSession): void {
    if (!this.sessions.has(session.id)) return;
    this.refreshSummaries();
  }

  private onContentChanged(session: ChatSession, urgency: WriteUrgency): void {
    if (this.sessions.get(session.id) !== session) return;
    this.persistence?.changed(session, urgency);
    // In the same task as the write: another tab that sees the lock go reads the turn's end.
    this.syncLiveLock(session);
  }

  private notify(notice: StorageNotice): void {
    this.update({ notices: [...this.snapshot.notices, notice] });
  }

  private onTurnEnded(session: ChatSession, outcome: AgentMessageStatus): void {
    if (session.id !== this.snapshot.activeSessionId && outcome !== 'stopped') session.markUnread();
    this.options.onEvent?.({ type: 'turn-ended', sessionId: session.id, outcome });
  }

  /** Another tab created, renamed, deleted or wrote to a session. */
  private onExternalChange(change: StorageChange): void {
    if (change.type === 'remove') {
      const session = this.sessions.get(change.id);
      if (!session) return;
      session.destroy();
      this.sessions.delete(change.id);
      this.persistence?.forget(change.id);
      this.liveReplies.forget(change.id);
      if (this.snapshot.activeSessionId === change.id) this.update({ activeSessionId: this.mostRecentId() });
      this.refreshSummaries();
      return;
    }
    this.takeExternal(change.session);
  }

  /** A session as another tab stored it, merged with this tab's copy (mergeTranscripts). */
  private takeExternal(record: PersistedSession): ChatSession {
    const existing = this.sessions.get(record.id);
    const streaming = this.streamingStateBySession.get(record.id);
    if (existing && streaming) {
      // This tab streams a reply here too: both turns go on, and both stay.
      const mine = existing.toRecord().messages;
      const liveHere = this.liveTurnIds(mine, streaming.streamingMessageId);
      existing.takeMerged(mergeTranscripts(mine, record.messages, { liveHere }).messages);
      if (record.customTitle && record.title !== existing.getSnapshot().title) existing.rename(record.title);
      this.liveReplies.watch(record.id, existing.toRecord().messages, streaming.streamingMessageId);
      return existing;
    }
    let merged = record;
    let newer = false;
    if (existing) {
      const merge = mergeTranscripts(existing.toRecord().messages, record.messages, { theirsPruned: record.pruned });
      const { messages } = merge;
      newer = merge.newer;
      // Older messages kept here: in this tab the chat is whole.
      if (messages !== record.messages) merged = { ...record, messages, pruned: record.pruned && messages.length <= record.messages.length };
      existing.destroy();
      this.sessions.delete(record.id);
    }
    const liveElsewhere = showsLiveReply(merged);
    const session = this.adopt(merged, { liveElsewhere });
    if (liveElsewhere) this.liveReplies.watch(session.id, merged.messages);
    else this.liveReplies.unwatch(session.id);
    // The record was written before its writer heard a reply end here.
    if (newer) this.persistence?.changed(session, 'now');
    // The session object changed even if its summary did not: views holding
    // the old one must re-read it.
    this.update({});
    return session;
  }

  /** The reply this tab streams in a session and the user message that asked for it. */
  private liveTurnIds(messages: readonly ChatMessage[], replyId: string): Set<string> {
    const ids = new Set([replyId]);
    const index = indexOfMessage(messages, replyId);
    if (index > 0 && messages[index - 1].role === 'user') ids.add(messages[index - 1].id);
    return ids;
  }

  /** Holds the session's live lock while this tab streams in it; then looks at other tabs' replies. */
  private syncLiveLock(session: ChatSession): void {
    const streaming = this.streamingStateBySession.has(session.id);
    const changed = this.liveReplies.streamingHere(session.id, streaming);
    if (changed && !streaming) this.liveReplies.watch(session.id, session.toRecord().messages);
  }

  /**
   * No tab streams in the session any more. Replies the stored record still
   * shows as streaming lost their tab (it crashed or was killed before it
   * could say so): they are interrupted, with Resume, here and in storage.
   */
  private async onLiveRepliesFree(id: string, replyIds: ReadonlySet<string>): Promise<void> {
    const stored = await this.repository?.read?.(id);
    if (!stored || !this.sessions.has(id) || this.disposed) return;
    const orphaned = interruptReplies(stored, replyIds);
    const session = this.takeExternal(orphaned ?? stored);
    if (orphaned) this.persistence?.changed(session, 'now');
  }

  private idleSessionsOldestFirst(): ChatSession[] {
    return Array.from(this.sessions.values())
      .filter(s => s.id !== this.snapshot.activeSessionId && !this.streamingStateBySession.has(s.id))
      .sort((a, b) => a.getSnapshot().updatedAt - b.getSnapshot().updatedAt);
  }

  private enforceMaxSessions(): void {
    const maxSessions = this.options.retention?.maxSessions ?? DEFAULT_RETENTION.maxSessions;
    const excess = this.sessions.size - maxSessions;
    if (excess <= 0) return;
    const deleted = this.idleSessionsOldestFirst().slice(0, excess);
    for (const session of deleted) this.deleteSession(session.id);
    if (deleted.length === 0) return;
    const maxAgeDays = this.options.retention?.maxAgeDays ?? DEFAULT_RETENTION.maxAgeDays;
    this.notify({ kind: 'expired', tooOld: 0, overLimit: deleted.length, maxAgeDays, maxSessions });
  }

  private mostRecentId(): string | undefined {
    let best: SessionSummary | undefined;
    for (const session of this.sessions.values()) {
      const summary = session.getSnapshot();
      if (!best || summary.updatedAt > best.updatedAt) best = summary;
    }
    return best?.id;
  }

  /** Rebuilds the sidebar list; unchanged summaries keep their identity. */
  private refreshSummaries(): void {
    const sessions = this.summaries.sync(this.sessions);
    if (!sessions) return;
    this.update({ sessions, liveCount: sessions.filter(s => isBusy(s.status)).length });
  }

  private update(patch: Partial<ManagerSnapshot>): void {
    if (this.disposed) return;
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of Array.from(this.listeners)) listener();
  }
}
