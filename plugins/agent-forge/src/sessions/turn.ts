import { endsTurn, type A2AEvent, type ArtifactChunk, type ContentPart, type TaskStateName } from '../a2a/types';
import { mergePlanStatus, parseInputForm, parsePlan, parsePlanStatusUpdate, parseToolNotification } from './artifacts';
import { KeyedList } from '../lib/KeyedList';
import { cutAt, DEFAULT_REPLY_LIMITS, type ReplyLimits } from './limits';
import type { AgentMessage, ExecutionPlan, FileReference, InputForm, OtherArtifact, ReplyTruncation, ToolCall } from './model';

/** One in-flight request of a session: the value of `streamingStateBySession`. */
export interface StreamingState {
  /** Identifies the request; events of any other request are dropped. */
  requestId: string;
  abortController: AbortController;
  /** The agent message this request writes into. */
  streamingMessageId: string;
  /** Text chunks received so far; joined once per published frame. */
  streamingOutputBuffer: string[];
  taskId?: string;
}

/** The plan of the reply being streamed: the value of `executionPlanStateBySession`. */
export interface ExecutionPlanState {
  plan?: ExecutionPlan;
  /** Earlier versions of the plan in this reply, oldest first. */
  history: ExecutionPlan[];
  /** Expanded while the reply streams; the UI collapses it afterwards. */
  autoExpand: boolean;
  /** True until the first plan arrives or the reply ends. */
  loading: boolean;
}

export const ARTIFACT = {
  streaming: 'streaming_result',
  partial: 'partial_result',
  final: 'final_result',
  complete: 'complete_result',
  planUpdate: 'execution_plan_update',
  planStatus: 'execution_plan_status_update',
  toolStart: 'tool_notification_start',
  toolEnd: 'tool_notification_end',
} as const;

const MAX_DATA_TEXT = 10_000;

function filesOf(parts: readonly ContentPart[]): FileReference[] {
  const files: FileReference[] = [];
  for (const part of parts) {
    if (part.type !== 'file') continue;
    files.push({ name: part.filename, mediaType: part.mediaType, url: part.url || undefined });
  }
  return files;
}

function dataAsText(parts: readonly ContentPart[]): string {
  const data = parts.filter(p => p.type === 'data').map(p => (p as { data: unknown }).data);
  if (data.length === 0) return '';
  let json: string;
  try {
    json = JSON.stringify(data.length === 1 ? data[0] : data, null, 2) ?? '';
  } catch {
    return '';
  }
  return json.length > MAX_DATA_TEXT ? `${json.slice(0, MAX_DATA_TEXT)}…` : json;
}

/**
 * Accumulates the events of one reply. Appending a chunk costs O(chunk):
 * text goes into `streamingOutputBuffer` and is joined only when read.
 */
export class Turn {
  state: TaskStateName = 'submitted';
  contextId?: string;
  notice?: string;
  form?: InputForm;
  currentTool?: ToolCall;
  /** Set when any event changed what the reply shows. */
  dirty = false;
  private readonly toolCalls: KeyedList<ToolCall>;
  private readonly otherArtifacts: KeyedList<OtherArtifact>;
  private files: FileReference[] = [];
  /** Characters in `streamingOutputBuffer`, kept so that bounding it is O(1). */
  private textLength = 0;
  private textCut = false;
  private planVersionsDropped = 0;
  private events = 0;
  /**
   * Whether the reply text comes from result artifacts. Until it does, text in
   * `working` status messages is the reply (older CAIPE agents stream that way).
   */
  private textFromArtifacts = false;
  /**
   * Per streamed artifact, the index the next chunk should carry. After a
   * resubscribe the task snapshot may already hold a chunk that also arrives
   * live; agents that number chunks (`metadata.chunkIndex`) let us drop it.
   */
  private readonly nextChunkIndex = new Map<string, number>();

  /**
   * @param answeringTaskId set when this turn answers a task that asked for
   *   input: the stream then opens with that task's snapshot, still showing
   *   the old `input-required` state, which must not end the new turn.
   */
  constructor(
    readonly streaming: StreamingState,
    readonly planState: ExecutionPlanState,
    private readonly answeringTaskId?: string,
    private readonly limits: ReplyLimits = DEFAULT_REPLY_LIMITS,
  ) {
    this.toolCalls = new KeyedList(limits.tools);
    this.otherArtifacts = new KeyedList(limits.artifacts);
    this.textLength = streaming.streamingOutputBuffer.reduce((n, chunk) => n + chunk.length, 0);
  }

  get tools(): readonly ToolCall[] {
    return this.toolCalls.snapshot();
  }

  get artifacts(): readonly OtherArtifact[] {
    return this.otherArtifacts.snapshot();
  }

  /**
   * The agent sent more events than the page accepts for one reply: the
   * session stops listening (an endless stream would otherwise never end).
   */
  get overflowed(): boolean {
    return this.events > this.limits.events;
  }

  get requestId(): string {
    return this.streaming.requestId;
  }

  get taskId(): string | undefined {
    return this.streaming.taskId;
  }

  /** The reply text so far. Collapses the buffer so repeated reads stay cheap. */
  get text(): string {
    const buffer = this.streaming.streamingOutputBuffer;
    if (buffer.length > 1) {
      const joined = buffer.join('');
      buffer.length = 0;
      buffer.push(joined);
    }
    return buffer[0] ?? '';
  }

  get ended(): boolean {
    return endsTurn(this.state);
  }

  /** The reply message as this turn has it so far (a new object). */
  applyTo(reply: AgentMessage): AgentMessage {
    const { plan, history } = this.planState;
    const tools = this.tools;
    const artifacts = this.artifacts;
    return {
      ...reply,
      text: this.text,
      taskId: this.taskId ?? reply.taskId,
      notice: this.notice ?? reply.notice,
      plan,
      planHistory: history.length > 0 ? history : undefined,
      tools: tools.length > 0 ? (tools as ToolCall[]) : reply.tools,
      artifacts: artifacts.length > 0 ? (artifacts as OtherArtifact[]) : reply.artifacts,
      files: this.files.length > 0 ? this.files : reply.files,
      form: this.form ?? reply.form,
      truncated: this.truncation() ?? reply.truncated,
    };
  }

  /** What went past the limits so far, or undefined when nothing did. */
  private truncation(): ReplyTruncation | undefined {
    const cut: ReplyTruncation = {};
    if (this.textCut) cut.text = true;
    if (this.otherArtifacts.dropped > 0) cut.artifacts = this.otherArtifacts.dropped;
    if (this.toolCalls.dropped > 0) cut.tools = this.toolCalls.dropped;
    if (this.planVersionsDropped > 0) cut.planVersions = this.planVersionsDropped;
    if (this.overflowed) cut.events = this.limits.events;
    return Object.keys(cut).length > 0 ? cut : undefined;
  }

  /** Seeds the text with what a previous, interrupted attempt showed. */
  seedText(text: string): void {
    this.replaceText(text);
    // The seed is reply text: later appended chunks extend it, never erase it.
    if (text) this.textFromArtifacts = true;
  }

  apply(event: A2AEvent): void {
    this.events += 1;
    // Past the limit nothing more is applied; the session ends the turn.
    if (this.overflowed) return;
    this.dirty = true;
    if (event.contextId) this.contextId = event.contextId;
    if ('taskId' in event && event.taskId) this.streaming.taskId = event.taskId;
    switch (event.kind) {
      case 'task':
        for (const artifact of event.artifacts) {
          this.applyArtifact(artifact);
          this.nextChunkIndex.set(artifact.artifactId, artifact.parts.length);
        }
        if (event.state === 'input-required' && event.taskId === this.answeringTaskId) break;
        this.applyState(event.state, event.message?.text, event.message?.parts);
        break;
      case 'status':
        this.applyState(event.state, event.message?.text, event.message?.parts);
        break;
      case 'artifact':
        this.applyArtifact(event.artifact);
        break;
      case 'message':
        // A reply without a task: the message is the whole answer.
        if (event.content.text) this.replaceText(event.content.text);
        this.files = filesOf(event.content.parts).slice(0, this.limits.artifacts);
        this.applyState('completed', undefined);
        break;
      default:
        break;
    }
  }

  private replaceText(text: string): void {
    const buffer = this.streaming.streamingOutputBuffer;
    buffer.length = 0;
    this.textLength = 0;
    this.textCut = false;
    this.appendText(text);
  }

  /** Appends reply text up to the character limit; what goes past it is counted as cut. */
  private appendText(chunk: string): void {
    if (!chunk) return;
    const room = this.limits.textChars - this.textLength;
    if (room <= 0) {
      this.textCut = true;
      return;
    }
    const kept = chunk.length > room ? cutAt(chunk, room) : chunk;
    if (kept.length < chunk.length) this.textCut = true;
    if (!kept) return;
    this.streaming.streamingOutputBuffer.push(kept);
    this.textLength += kept.length;
  }

  private applyState(state: TaskStateName, text: string | undefined, parts: Parameters<typeof parseInputForm>[0] = []): void {
    this.state = state;
    if ((state === 'working' || state === 'submitted') && text && !this.textFromArtifacts) {
      this.appendText(text);
      return;
    }
    if (state === 'completed' && text && !this.text) {
      // A reply delivered only as the final status message.
      this.replaceText(text);
    } else if (state === 'input-required') {
      this.form = parseInputForm(parts);
      this.notice = text || undefined;
    } else if (state !== 'working' && state !== 'submitted' && state !== 'completed' && text) {
      // failed / canceled / rejected / auth-required explain themselves.
      this.notice = text;
    }
    if (endsTurn(state)) {
      this.currentTool = undefined;
      this.planState.autoExpand = false;
      this.planState.loading = false;
    }
  }

  private applyArtifact(artifact: ArtifactChunk): void {
    const { name, text, parts } = artifact;
    if (name === ARTIFACT.streaming || name === ARTIFACT.partial || name === ARTIFACT.final || name === ARTIFACT.complete) {
      if (!this.textFromArtifacts) {
        // Status text streamed before was progress chatter, not the answer.
        this.textFromArtifacts = true;
        if (name === ARTIFACT.streaming && artifact.append) this.replaceText('');
      }
    }
    if (this.isRepeatedChunk(artifact)) return;
    switch (name) {
      case ARTIFACT.streaming:
        if (artifact.append) {
          this.appendText(text);
        } else {
          this.replaceText(text);
        }
        break;
      case ARTIFACT.partial:
        this.replaceText(text);
        break;
      case ARTIFACT.final:
      case ARTIFACT.complete:
        // The final text is authoritative, but an empty one must not erase the reply.
        if (text) this.replaceText(text);
        break;
      case ARTIFACT.planUpdate: {
        const plan = parsePlan(parts, text, this.limits.planSteps);
        if (!plan) break;
        const previous = this.planState.plan;
        if (previous) this.keepPlanVersion(previous);
        this.planState.plan = plan;
        this.planState.loading = false;
        break;
      }
      case ARTIFACT.planStatus: {
        const updates = parsePlanStatusUpdate(parts, text);
        const plan = this.planState.plan;
        if (plan) {
          this.planState.plan = mergePlanStatus(plan, updates);
        } else if (updates.length > 0 && updates.every(u => u.title)) {
          // No full plan yet: a titled list is the best plan we have.
          const steps = updates.map((u, i) => ({ id: u.id ?? `step-${i + 1}`, title: u.title!, status: u.status }));
          this.planState.plan = {
            steps: steps.slice(0, this.limits.planSteps),
            ...(steps.length > this.limits.planSteps ? { omittedSteps: steps.length - this.limits.planSteps } : {}),
          };
        }
        break;
      }
      case ARTIFACT.toolStart:
      case ARTIFACT.toolEnd:
        this.applyTool(parseToolNotification(parts, text, artifact.artifactId, name === ARTIFACT.toolEnd));
        break;
      default:
        this.keepArtifact(artifact);
    }
  }

  private isRepeatedChunk(artifact: ArtifactChunk): boolean {
    const index = artifact.metadata?.chunkIndex;
    if (typeof index !== 'number' || !artifact.append) {
      if (typeof index === 'number') this.nextChunkIndex.set(artifact.artifactId, index + 1);
      return false;
    }
    const expected = this.nextChunkIndex.get(artifact.artifactId);
    if (expected !== undefined && index < expected) return true;
    this.nextChunkIndex.set(artifact.artifactId, index + 1);
    return false;
  }

  /** The plan being replaced joins the history, which keeps only the latest versions. */
  private keepPlanVersion(previous: ExecutionPlan): void {
    const history = this.planState.history;
    const room = Math.max(0, this.limits.planVersions - 1);
    const kept = history.length > room ? history.slice(history.length - room) : history;
    this.planVersionsDropped += history.length - kept.length;
    this.planState.history = [...kept, previous];
  }

  private applyTool(call: ToolCall | undefined): void {
    if (!call) return;
    const known = this.toolCalls.get(call.callId);
    const merged = known ? { ...known, ...call, agent: call.agent ?? known.agent } : call;
    this.toolCalls.set(call.callId, merged);
    if (call.status === 'running') this.currentTool = merged;
    else if (this.currentTool?.callId === call.callId) this.currentTool = undefined;
  }

  /** Unknown artifact names are kept (and shown), up to the limit; the rest are counted. */
  private keepArtifact(artifact: ArtifactChunk): void {
    const id = artifact.artifactId || artifact.name;
    // Data-only artifacts are shown as JSON rather than as nothing.
    const text = artifact.text || dataAsText(artifact.parts);
    const files = filesOf(artifact.parts);
    const existing = this.otherArtifacts.get(id);
    const appending = Boolean(existing && artifact.append);
    if (appending && existing!.truncated && files.length === 0) return; // nothing more is kept
    const base = appending ? existing!.text : '';
    // Concatenation only while there is room: never re-slice a long text per event.
    const room = this.limits.artifactChars - base.length;
    const kept = text.length <= room ? text : cutAt(text, Math.max(0, room));
    const truncated = kept.length < text.length || (appending && existing!.truncated);
    const allFiles = appending && existing!.files ? [...existing!.files, ...files] : files;
    this.otherArtifacts.set(id, {
      artifactId: id,
      name: artifact.name || existing?.name || 'artifact',
      text: base + kept,
      ...(truncated ? { truncated: true } : {}),
      ...(allFiles.length > 0 ? { files: allFiles.slice(0, this.limits.artifacts) } : {}),
    });
  }
}
