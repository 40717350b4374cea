import type { TaskStateName } from '../a2a/types';
import type { AgentMessageStatus, SessionStatus } from './model';

export const DEFAULT_TITLE = 'New chat';
const TITLE_LENGTH = 60;

/** A session title from the first line of the first message. */
export function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0].trim();
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line || DEFAULT_TITLE;
}

/** How a reply ends, by the task state its turn ended in. */
export const OUTCOME_BY_STATE: Partial<Record<TaskStateName, AgentMessageStatus>> = {
  completed: 'complete',
  failed: 'failed',
  canceled: 'canceled',
  rejected: 'rejected',
  'input-required': 'input-required',
  'auth-required': 'auth-required',
};

/** The session status after a reply ended so (idle otherwise). */
export const STATUS_AFTER: Partial<Record<AgentMessageStatus, SessionStatus>> = {
  failed: 'error',
  rejected: 'error',
  'input-required': 'input-required',
  interrupted: 'interrupted',
};
