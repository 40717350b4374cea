import type { TaskStateName } from '../a2a/types';
import { lookupTable } from '../lib/lookupTable';
import { isBusy, type AgentMessageStatus, type ChatMessage, type SessionStatus } from './model';
import type { PersistedSession } from './persistence/records';

export const DEFAULT_TITLE = 'New chat';
const TITLE_LENGTH = 60;

/** A session title from the first line of the first message. */
export function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0].trim();
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line || DEFAULT_TITLE;
}

/** How a reply ends, by the task state its turn ended in. */
export const OUTCOME_BY_STATE = lookupTable<Partial<Record<TaskStateName, AgentMessageStatus>>>({
  completed: 'complete',
  failed: 'failed',
  canceled: 'canceled',
  rejected: 'rejected',
  'input-required': 'input-required',
  'auth-required': 'auth-required',
});

/** The session status after a reply ended so (idle otherwise). */
export const STATUS_AFTER = lookupTable<Partial<Record<AgentMessageStatus, SessionStatus>>>({
  failed: 'error',
  rejected: 'error',
  'input-required': 'input-required',
  interrupted: 'interrupted',
});

/**
 * A stored session as this page takes it over. A reply that was streaming
 * when its page went away is interrupted (its taskId kept, so it can be
 * resumed), and so is the session; unless another tab is live on it, which
 * still owns its reply.
 */
export function restoredState(
  record: PersistedSession,
  liveElsewhere: boolean,
): { messages: ChatMessage[]; status: SessionStatus } {
  if (liveElsewhere) return { messages: [...record.messages], status: record.status };
  let wasStreaming = false;
  const messages = record.messages.map(m => {
    if (m.role !== 'agent' || m.status !== 'streaming') return m;
    wasStreaming = true;
    return { ...m, status: 'interrupted' as const };
  });
  return { messages, status: isBusy(record.status) || wasStreaming ? 'interrupted' : record.status };
}

/** Whether a stored session shows a reply as being streamed (by some tab). */
export function showsLiveReply(record: PersistedSession): boolean {
  return isBusy(record.status) || record.messages.some(m => m.role === 'agent' && m.status === 'streaming');
}

/**
 * The record with the replies `ids` interrupted where it still shows them
 * streaming: the tab that streamed them is gone. The session is interrupted
 * too unless another reply still streams. Undefined when none of them does.
 */
export function interruptReplies(record: PersistedSession, ids: ReadonlySet<string>): PersistedSession | undefined {
  let changed = false;
  const messages = record.messages.map(m => {
    if (m.role !== 'agent' || m.status !== 'streaming' || !ids.has(m.id)) return m;
    changed = true;
    return { ...m, status: 'interrupted' as const };
  });
  if (!changed) return undefined;
  const stillLive = messages.some(m => m.role === 'agent' && m.status === 'streaming');
  return { ...record, messages, status: stillLive ? record.status : 'interrupted' };
}
