import type { AgentClient } from '../a2a/AgentClient';
import type { ChatSession } from './ChatSession';
import type { ReplyLimits } from './limits';
import type { AgentMessageStatus } from './model';
import type { WriteUrgency } from './persistence/PersistenceCoordinator';
import type { ExecutionPlanState, StreamingState } from './turn';

/** What a session needs from the manager that owns it. */
export interface SessionHost {
  getClient(): Promise<AgentClient>;
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
