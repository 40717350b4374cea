import type { AgentError } from '../a2a/errors';

/** Where a session is in its lifecycle; `isLoading` in the UI derives from it. */
export type SessionStatus =
  | 'idle'
  | 'submitting'
  | 'streaming'
  | 'input-required'
  | 'error'
  | 'interrupted';

export const SESSION_STATUSES: readonly SessionStatus[] = [
  'idle',
  'submitting',
  'streaming',
  'input-required',
  'error',
  'interrupted',
];

/** A status that means a request of this session is in flight. */
export function isBusy(status: SessionStatus): boolean {
  return status === 'submitting' || status === 'streaming';
}

export type PlanStepStatus = 'pending' | 'in_progress' | 'completed' | 'failed';

export interface PlanStep {
  id: string;
  title: string;
  status: PlanStepStatus;
}

export interface ExecutionPlan {
  title?: string;
  steps: PlanStep[];
  /** Steps the agent sent beyond the page's limit (not shown). */
  omittedSteps?: number;
}

export interface ToolCall {
  callId: string;
  name: string;
  agent?: string;
  status: 'running' | 'completed';
  result?: string;
}

export type FormFieldType = 'text' | 'number' | 'select' | 'boolean';

export interface FormField {
  name: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  pattern?: string;
  options?: string[];
  description?: string;
  default?: string | number | boolean;
  min?: number;
  max?: number;
}

/** A form the agent asked the user to fill in (input-required). */
export interface InputForm {
  id?: string;
  title: string;
  description?: string;
  submitLabel?: string;
  fields: FormField[];
}

/** A file an agent attached: described, offered as a link when safe, never rendered. */
export interface FileReference {
  name?: string;
  mediaType?: string;
  /** Where the file is; absent for inline bytes, which the page does not keep. */
  url?: string;
}

/** An artifact whose name the plugin does not interpret; kept and shown as text. */
export interface OtherArtifact {
  artifactId: string;
  name: string;
  text: string;
  /** Its text went past the page's limit and was cut. */
  truncated?: boolean;
  files?: FileReference[];
}

/** What a reply sent beyond the page's limits (sessions/limits.ts); shown to the user. */
export interface ReplyTruncation {
  /** The text went past the character limit; the rest was not kept. */
  text?: boolean;
  /** Artifacts not kept. */
  artifacts?: number;
  /** Tool calls not listed. */
  tools?: number;
  /** Plan versions dropped from the history, oldest first. */
  planVersions?: number;
  /** The agent sent more events than the limit, so the page stopped listening. */
  events?: number;
}

export type UserMessageStatus = 'sent';

/** How an agent reply ended (or that it has not yet). */
export type AgentMessageStatus =
  | 'streaming'
  | 'complete'
  | 'stopped'
  | 'interrupted'
  | 'failed'
  | 'canceled'
  | 'rejected'
  | 'input-required'
  | 'auth-required';

/**
 * A part of a stored message that can be unreadable on its own (a record
 * written by a buggy build, edited by hand, or damaged): it is left out and
 * named in the message's `unrestored` note instead.
 */
export type MessagePart =
  | 'status'
  | 'taskId'
  | 'notice'
  | 'error'
  | 'plan'
  | 'planHistory'
  | 'tools'
  | 'form'
  | 'formAnswered'
  | 'artifacts'
  | 'files'
  | 'truncated'
  | 'data';

export const MESSAGE_PARTS: readonly MessagePart[] = [
  'status',
  'taskId',
  'notice',
  'error',
  'plan',
  'planHistory',
  'tools',
  'form',
  'formAnswered',
  'artifacts',
  'files',
  'truncated',
  'data',
];

/** Only part of a message's text fitted in browser storage (set on the stored copy). */
export interface StorageTruncation {
  /** Characters of the text that were saved (its beginning). */
  savedChars: number;
  /** Characters the text had. */
  totalChars: number;
}

interface MessageBase {
  id: string;
  createdAt: number;
  text: string;
  /** Parts of the stored message that could not be read back, so were left out. */
  unrestored?: MessagePart[];
  /** The text was cut to fit in browser storage. */
  truncatedForStorage?: StorageTruncation;
}

export interface UserMessage extends MessageBase {
  role: 'user';
  /** Structured values the user submitted in a form. */
  data?: Record<string, unknown>;
}

export interface AgentMessage extends MessageBase {
  role: 'agent';
  status: AgentMessageStatus;
  taskId?: string;
  /** A status message from the agent (why it failed, was canceled, …). */
  notice?: string;
  error?: AgentError;
  plan?: ExecutionPlan;
  /** Earlier versions of the plan within this reply, oldest first. */
  planHistory?: ExecutionPlan[];
  tools?: ToolCall[];
  form?: InputForm;
  /** True once the user answered `form`. */
  formAnswered?: boolean;
  artifacts?: OtherArtifact[];
  /** Files the agent sent with the reply itself (outside artifacts). */
  files?: FileReference[];
  truncated?: ReplyTruncation;
}

export type ChatMessage = UserMessage | AgentMessage;

/** Cross-session facts about a session, enough for the sidebar. */
export interface SessionSummary {
  id: string;
  title: string;
  createdAt: number;
  /** Last activity: a message sent or a reply settled. */
  updatedAt: number;
  status: SessionStatus;
  /** A reply finished while the user was looking at another session. */
  unread: boolean;
  messageCount: number;
  /**
   * The reply waits for another to finish before it is sent: the page caps
   * concurrent streams per origin (status stays busy).
   */
  queued?: boolean;
}

/** Everything one session's view needs, immutable. */
export interface SessionSnapshot extends SessionSummary {
  messages: readonly ChatMessage[];
  /** The A2A conversation id the agent assigned; not the session id. */
  contextId?: string;
  /** The task of the latest reply. */
  taskId?: string;
  /** The tool the agent is running right now. */
  currentTool?: ToolCall;
  /** The latest failure, also attached to the failed reply. */
  error?: AgentError;
  /** Whether the user renamed the session (the title is no longer derived). */
  customTitle: boolean;
  /**
   * Older messages of this chat were not kept in browser storage (it was
   * full): after a reload the transcript starts later.
   */
  pruned: boolean;
  /** Stored messages that could not be read back at all, so were left out. */
  unrestoredMessages?: number;
  /** Set while a dropped stream is being re-attached (status stays busy). */
  reconnecting?: { attempt: number; maxAttempts: number };
}
