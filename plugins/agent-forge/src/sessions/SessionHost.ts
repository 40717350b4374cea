import type { AgentClient } from '../a2a/AgentClient';
import type { AgentError } from '../a2a/errors';
import type { ChatSession } from './ChatSession';
import type { ReplyLimits } from './limits';
import type { AgentMessageStatus } from './model';
import type { WriteUrgency } from './persistence/PersistenceCoordinator';
import type { ExecutionPlanState, StreamingState } from './turn';

/** What a session needs from the manager that owns it. */
export interface SessionHost {
  getClient(): Promise<AgentClient>;
  /** A request got an answer from the agent: the connection works. */
  agentReached(client: AgentClient): void;
  /** A request failed as if the agent's card were stale: forget the client. */
  agentEndpointFailed(error: AgentError): void;
  readonly streamingStateBySession: Map<string, StreamingState>;
  readonly executionPlanStateBySession: Map<string, ExecutionPlanState>;
  /** Runs `callback` at the next animation frame; returns a cancel function. */
  scheduleFrame(callback: () => void): () => void;
  now(): number;
  newId(): string;
  /** Title, status, activity or unread changed: the sidebar may re-sort. */
  summaryChanged(session: ChatSession): void;
  /** Content changed. `urgency` lets persistence coalesce stream writes. */
  contentChanged(session: ChatSession, urgency: WriteUrgency): void;
  turnEnded(session: ChatSession, outcome: AgentMessageStatus): void;
  /** Delay before reconnect attempt `attempt` (1-based) after a dropped stream. */
  reconnectDelayMs(attempt: number): number;
  /** How much of one reply a session keeps. */
  readonly replyLimits: ReplyLimits;
}
