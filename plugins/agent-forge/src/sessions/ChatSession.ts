import type { AgentError } from '../a2a/errors';
import type { A2AEvent, OutgoingMessage } from '../a2a/types';
import { describeFormValues } from './artifacts';
import type {
  AgentMessage,
  AgentMessageStatus,
  ChatMessage,
  SessionSnapshot,
  SessionStatus,
  UserMessage,
} from './model';
import type { WriteUrgency } from './persistence/PersistenceCoordinator';
import type { PersistedSession } from './persistence/records';
import { FrameCoalescedStore } from '../lib/FrameCoalescedStore';
import { indexOfMessage, lastIndexWhere, withMessage } from './messageList';
import { redactMessage, redactReply } from './redactReply';
import { resumeTask } from './resume';
import { runTurn, type OpenStream, type TurnOwner } from './runTurn';
import type { SessionHost } from './SessionHost';
import { DEFAULT_TITLE, restoredState, STATUS_AFTER, titleFrom } from './turnOutcome';
import { Turn, type ExecutionPlanState, type StreamingState } from './turn';

/**
 * One chat session: its messages, status, A2A context and task, the reply
 * being streamed and its plan. Every event is applied to the session that
 * started the request (it holds the request, not "the active session"), and
 * events of a request that was superseded, stopped or deleted are dropped.
 *
 * Framework-free: React reads it through `subscribe` / `getSnapshot`.
 */
export type { SessionHost } from './SessionHost';

export class ChatSession {
  readonly id: string;
  private title: string;
  private customTitle: boolean;
  private readonly createdAt: number;
  private updatedAt: number;
  private status: SessionStatus;
  private unread: boolean;
  private contextId?: string;
  private taskId?: string;
  private error?: AgentError;
  private messages: ChatMessage[];
  private turn?: Turn;
  private destroyed = false;
  private readonly pruned: boolean;
  private readonly unrestoredMessages?: number;
  /** Set while a dropped stream is being re-attached. */
  private reconnecting?: { attempt: number; maxAttempts: number };
  /** Set while the turn's stream waits for a free slot of the page's cap. */
  private queued = false;
  private readonly store: FrameCoalescedStore<SessionSnapshot>;

  /**
   * @param options.liveElsewhere the record comes from another tab that is
   *   streaming it right now: show it as live, not as interrupted.
   */
  constructor(
    private readonly host: SessionHost,
    record: PersistedSession,
    options: { liveElsewhere?: boolean } = {},
  ) {
    this.id = record.id;
    this.title = record.title || DEFAULT_TITLE;
    this.customTitle = record.customTitle;
    this.createdAt = record.createdAt;
    this.updatedAt = record.updatedAt;
    this.contextId = record.contextId;
    this.taskId = record.taskId;
    this.unread = record.unread ?? false;
    ({ messages: this.messages, status: this.status } = restoredState(record, Boolean(options.liveElsewhere)));
    this.pruned = record.pruned ?? false;
    this.unrestoredMessages = record.unrestoredMessages;
    this.store = new FrameCoalescedStore(() => this.buildSnapshot(), host.scheduleFrame);
  }

  // ---- reading -----------------------------------------------------------

  get subscribe() {
    return this.store.subscribe;
  }

  get getSnapshot() {
    return this.store.getSnapshot;
  }

  /** Whether the title or any message contains `needle` (already lower-cased). */
  matches(needle: string): boolean {
    if (this.title.toLowerCase().includes(needle)) return true;
    return this.messages.some(m => m.text.toLowerCase().includes(needle));
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  /** The session as stored: the latest text, even between published frames. */
  toRecord(): PersistedSession {
    if (this.turn?.dirty) this.materialize(this.turn);
    const record = this.storedFields();
    const streamingId = this.turn?.streaming.streamingMessageId;
    if (!streamingId) return record;
    // Settled replies were redacted when they settled; the live one is redacted for storage.
    return { ...record, messages: record.messages.map(m => (m.id === streamingId ? redactMessage(m) : m)) };
  }

  // ---- commands ----------------------------------------------------------

  /**
   * Sends a message. Resolves when the reply ends (never rejects: failures
   * land in the session). While the agent waits for input, the message
   * answers that task (same taskId).
   */
  send(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed || this.destroyed) return Promise.resolve();
    const answering = this.status === 'input-required' ? this.pendingInput() : undefined;
    const user: UserMessage = { id: this.host.newId(), role: 'user', text: trimmed, createdAt: this.host.now() };
    return this.startTurn(user, { text: trimmed, contextId: this.contextId, taskId: answering?.taskId });
  }

  /** Answers an input-required form with the same taskId. */
  respond(values: Record<string, unknown>): Promise<void> {
    const asking = this.pendingInput();
    if (this.destroyed || !asking?.taskId) return Promise.resolve();
    const text = describeFormValues(asking.form, values);
    const user: UserMessage = { id: this.host.newId(), role: 'user', text, data: values, createdAt: this.host.now() };
    // The task continues, and so does its plan.
    return this.startTurn(user, { text, data: { values }, contextId: this.contextId, taskId: asking.taskId }, asking.plan);
  }

  /**
   * Stops this session's reply: aborts its HTTP stream at once, keeps the
   * partial text marked "stopped", and asks the agent to cancel the task in
   * the background (the UI never waits for that).
   */
  stop(): void {
    const turn = this.turn;
    if (!turn) return;
    turn.streaming.abortController.abort();
    this.settle(turn, 'stopped');
    if (turn.taskId) this.cancelRemote(turn.taskId);
  }

  /**
   * Lets go of the reply without stopping the agent (the page is going away):
   * the HTTP stream closes, the reply is marked interrupted with its taskId,
   * and `resume()` picks it up again later.
   */
  suspend(): void {
    const turn = this.turn;
    if (!turn) return;
    turn.streaming.abortController.abort();
    this.settle(turn, turn.taskId ? 'interrupted' : 'stopped');
  }

  /**
   * Sends the last user message again, replacing the failed or interrupted
   * reply. Only ever called by the user: nothing is re-sent automatically.
   */
  retry(): Promise<void> {
    if (this.destroyed || this.turn) return Promise.resolve();
    const lastUserIndex = lastIndexWhere(this.messages, m => m.role === 'user');
    if (lastUserIndex < 0) return Promise.resolve();
    const user = this.messages[lastUserIndex] as UserMessage;
    // Drop the reply that failed; the user message stays where it is.
    this.messages = this.messages.slice(0, lastUserIndex + 1);
    const data = user.data ? { values: user.data } : undefined;
    return this.startTurn(undefined, { text: user.text, data, contextId: this.contextId });
  }

  /**
   * Re-attaches to the task of an interrupted reply (after a reload or a
   * dropped connection): the agent sends a snapshot, then live events.
   */
  resume(): Promise<void> {
    const index = lastIndexWhere(this.messages, m => m.role === 'agent');
    const message = this.messages[index] as AgentMessage | undefined;
    if (this.destroyed || this.turn || !message?.taskId || message.status !== 'interrupted') {
      return Promise.resolve();
    }
    const taskId = message.taskId;
    // Why it was interrupted no longer holds once it streams again.
    const turn = this.beginTurn({ ...message, notice: undefined }, taskId);
    turn.seedText(message.text);
    return this.run(turn, (client, signal, hooks) => resumeTask(client, taskId, signal, { hooks }), true);
  }

  rename(title: string): void {
    const trimmed = title.trim();
    if (!trimmed || this.destroyed || trimmed === this.title) return;
    this.title = trimmed.slice(0, 200);
    this.customTitle = true;
    this.changed('now');
  }

  markRead(): void {
    if (!this.unread) return;
    this.unread = false;
    this.changed('now');
  }

  /**
   * Another tab wrote this session while this one streams a reply in it:
   * `messages` is its transcript merged with this tab's live turn
   * (mergeTranscripts), which goes on. Not written back here: this tab's
   * next write of the turn carries both.
   */
  takeMerged(messages: readonly ChatMessage[]): void {
    if (this.destroyed) return;
    this.messages = [...messages];
    this.store.publishNow();
    this.host.summaryChanged(this);
  }

  markUnread(): void {
    if (this.unread || this.destroyed) return;
    this.unread = true;
    this.changed('now');
  }

  /** Aborts and cancels any reply, drops all state, ignores late events. */
  destroy(): void {
    if (this.destroyed) return;
    const turn = this.turn;
    this.destroyed = true;
    this.turn = undefined;
    this.host.streamingStateBySession.delete(this.id);
    this.host.executionPlanStateBySession.delete(this.id);
    if (turn) {
      turn.streaming.abortController.abort();
      if (turn.taskId) this.cancelRemote(turn.taskId);
    }
    this.store.dispose();
  }

  // ---- turn lifecycle ----------------------------------------------------

  private pendingInput(): AgentMessage | undefined {
    const last = this.messages[this.messages.length - 1];
    return last?.role === 'agent' && last.status === 'input-required' ? last : undefined;
  }

  private startTurn(
    user: UserMessage | undefined,
    outgoing: OutgoingMessage,
    plan?: AgentMessage['plan'],
  ): Promise<void> {
    // A new send supersedes this session's own previous request, and only it.
    if (this.turn) this.stop();
    const asking = this.pendingInput();
    if (asking) this.replaceMessage({ ...asking, formAnswered: true });
    if (user) {
      this.messages = [...this.messages, user];
      if (!this.customTitle && this.title === DEFAULT_TITLE) this.title = titleFrom(user.text);
    }
    const reply: AgentMessage = { id: this.host.newId(), role: 'agent', text: '', status: 'streaming', createdAt: this.host.now(), plan };
    this.messages = [...this.messages, reply];
    const turn = this.beginTurn(reply, undefined, outgoing.taskId);
    return this.run(turn, (client, signal, hooks) => client.stream(outgoing, signal, hooks));
  }

  private beginTurn(reply: AgentMessage, taskId?: string, answeringTaskId?: string): Turn {
    const streaming: StreamingState = {
      requestId: this.host.newId(),
      abortController: new AbortController(),
      streamingMessageId: reply.id,
      streamingOutputBuffer: [],
      taskId,
    };
    const planState: ExecutionPlanState = {
      plan: reply.plan,
      history: reply.planHistory ?? [],
      autoExpand: true,
      loading: !reply.plan,
    };
    const turn = new Turn(streaming, planState, answeringTaskId, this.host.replyLimits);
    this.turn = turn;
    this.host.streamingStateBySession.set(this.id, streaming);
    this.host.executionPlanStateBySession.set(this.id, planState);
    if (reply.status !== 'streaming') this.replaceMessage({ ...reply, status: 'streaming' });
    this.status = 'submitting';
    this.error = undefined;
    this.updatedAt = this.host.now();
    this.changed('soon');
    return turn;
  }

  /** The requestId guard: does this turn still own the session's stream? */
  private owns(turn: Turn): boolean {
    return (
      !this.destroyed &&
      this.turn === turn &&
      this.host.streamingStateBySession.get(this.id)?.requestId === turn.requestId
    );
  }

  /** Streams the turn (runTurn holds the reconnect policy); this session applies and settles. */
  private run(turn: Turn, open: OpenStream, resuming = false): Promise<void> {
    return runTurn(turn, open, this.turnOwner, resuming);
  }

  private readonly turnOwner: TurnOwner = {
    getClient: () => this.host.getClient(),
    owns: turn => this.owns(turn),
    apply: (turn, event) => this.apply(turn, event),
    settle: (turn, outcome, error) => this.settle(turn, outcome, error),
    showReconnecting: state => {
      this.reconnecting = state;
      if (state) this.store.publishNow();
    },
    showQueued: queued => this.showQueued(queued),
    reconnectDelayMs: attempt => this.host.reconnectDelayMs(attempt),
    reached: client => this.host.agentReached(client),
    endpointFailed: error => this.host.agentEndpointFailed(error),
  };

  private showQueued(queued: boolean): void {
    if (this.queued === queued) return;
    this.queued = queued;
    // The sidebar row shows it too.
    this.store.publishNow();
    this.host.summaryChanged(this);
  }

  private apply(turn: Turn, event: A2AEvent): void {
    const hadTask = Boolean(turn.taskId);
    turn.apply(event);
    if (turn.overflowed) {
      // An endless stream: stop listening and ask the agent to stop too.
      this.stop();
      return;
    }
    if (turn.contextId) this.contextId = turn.contextId;
    if (turn.taskId) this.taskId = turn.taskId;
    if (this.status === 'submitting') {
      this.status = 'streaming';
      // Publish first: the sidebar's summary reads the published snapshot.
      this.store.publishNow();
      this.host.summaryChanged(this);
    } else {
      this.store.schedule();
    }
    // The taskId is what a reload resumes from: store it as soon as it is known.
    this.host.contentChanged(this, !hadTask && turn.taskId ? 'anchor' : 'stream');
  }

  /** Ends a turn: the reply gets its final form and the maps let go of it. */
  private settle(turn: Turn, outcome: AgentMessageStatus, error?: AgentError): void {
    this.materialize(turn);
    const index = indexOfMessage(this.messages, turn.streaming.streamingMessageId);
    const reply = this.messages[index] as AgentMessage | undefined;
    const settled = reply && redactReply({ ...reply, status: outcome, error });
    if (settled) this.replaceMessage(settled);
    this.turn = undefined;
    this.reconnecting = undefined;
    this.queued = false;
    this.host.streamingStateBySession.delete(this.id);
    this.host.executionPlanStateBySession.delete(this.id);
    this.error = settled ? settled.error : error;
    this.status = STATUS_AFTER[outcome] ?? 'idle';
    this.updatedAt = this.host.now();
    this.changed('now');
    this.host.turnEnded(this, outcome);
  }

  private cancelRemote(taskId: string): void {
    // Fire and forget: the task may have finished already (not cancelable) or
    // the agent may be unreachable; the session has settled either way.
    this.host
      .getClient()
      .then(client => client.cancelTask(taskId))
      .catch(() => undefined);
  }

  // ---- snapshots ---------------------------------------------------------

  private materialize(turn: Turn): void {
    const index = indexOfMessage(this.messages, turn.streaming.streamingMessageId);
    const reply = this.messages[index] as AgentMessage | undefined;
    turn.dirty = false;
    if (!reply) return;
    this.replaceMessage(turn.applyTo(reply));
  }

  private replaceMessage(message: ChatMessage): void {
    this.messages = withMessage(this.messages, message);
  }

  private changed(urgency: WriteUrgency): void {
    this.store.publishNow();
    this.host.summaryChanged(this);
    this.host.contentChanged(this, urgency);
  }

  /** What a record and a snapshot share. */
  private storedFields(): PersistedSession {
    return {
      id: this.id,
      title: this.title,
      customTitle: this.customTitle,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
      status: this.status,
      unread: this.unread,
      contextId: this.contextId,
      taskId: this.turn?.taskId ?? this.taskId,
      messages: this.messages,
      pruned: this.pruned || undefined,
      unrestoredMessages: this.unrestoredMessages,
    };
  }

  private buildSnapshot(): SessionSnapshot {
    if (this.turn?.dirty) this.materialize(this.turn);
    return {
      ...this.storedFields(),
      messages: this.messages,
      messageCount: this.messages.length,
      unread: this.unread,
      pruned: this.pruned,
      currentTool: this.turn?.currentTool,
      error: this.error,
      reconnecting: this.reconnecting,
      queued: this.queued || undefined,
    };
  }
}
