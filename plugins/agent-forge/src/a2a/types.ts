/**
 * The plugin's own small model of A2A traffic. The SDK's protobuf-shaped
 * types (numeric enums, `$case` unions) stop at `normalize.ts`; everything
 * above the transport works with these plain, serialisable objects.
 */

/** Task states, spelled as in A2A v0.3 (and the UI). Unknown ones are kept. */
export type TaskStateName =
  | 'submitted'
  | 'working'
  | 'input-required'
  | 'auth-required'
  | 'completed'
  | 'failed'
  | 'canceled'
  | 'rejected'
  | 'unknown';

export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'data'; data: unknown }
  | { type: 'file'; url?: string; filename?: string; mediaType?: string };

/** A message's parts plus their text parts joined, for display. */
export interface AgentContent {
  text: string;
  parts: ContentPart[];
}

export interface ArtifactChunk {
  artifactId: string;
  /** e.g. `streaming_result`, `execution_plan_update`; unknown names are kept. */
  name: string;
  /** Append to the artifact received so far (true) or replace it (false). */
  append: boolean;
  lastChunk: boolean;
  parts: ContentPart[];
  /** Text parts joined. */
  text: string;
  metadata?: Record<string, unknown>;
}

export type A2AEvent =
  | {
      kind: 'task';
      taskId: string;
      contextId: string;
      state: TaskStateName;
      message?: AgentContent;
      artifacts: ArtifactChunk[];
    }
  | {
      kind: 'status';
      taskId: string;
      contextId: string;
      state: TaskStateName;
      message?: AgentContent;
    }
  | {
      kind: 'artifact';
      taskId: string;
      contextId: string;
      artifact: ArtifactChunk;
    }
  | {
      kind: 'message';
      taskId?: string;
      contextId: string;
      content: AgentContent;
    };

/** What the user sends: text, and optionally structured data (form answers). */
export interface OutgoingMessage {
  text: string;
  data?: Record<string, unknown>;
  /** The A2A conversation to continue; omitted on a first turn. */
  contextId?: string;
  /** Set only to continue a task that asked for input. */
  taskId?: string;
}

export interface AgentSkillSummary {
  id: string;
  name: string;
  description: string;
  examples: string[];
  tags: string[];
}

/** The parts of an agent card the UI shows. */
export interface AgentCardSummary {
  name: string;
  description: string;
  version: string;
  protocolVersion: string;
  streaming: boolean;
  skills: AgentSkillSummary[];
  documentationUrl?: string;
  providerName?: string;
}

const TERMINAL_STATES: ReadonlySet<TaskStateName> = new Set([
  'completed',
  'failed',
  'canceled',
  'rejected',
]);

export function isTerminalState(state: TaskStateName): boolean {
  return TERMINAL_STATES.has(state);
}

/**
 * A turn ends when the task reaches a terminal state or needs the user;
 * v1.0 has no `final` flag, so the end of the stream also ends a turn.
 */
export function endsTurn(state: TaskStateName): boolean {
  return (
    isTerminalState(state) ||
    state === 'input-required' ||
    state === 'auth-required'
  );
}
