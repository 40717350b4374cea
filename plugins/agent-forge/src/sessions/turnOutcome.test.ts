import type { ChatMessage } from './model';
import type { PersistedSession } from './persistence/records';
import type { TaskStateName } from '../a2a/types';
import type { AgentMessageStatus } from './model';
import { interruptReplies, OUTCOME_BY_STATE, restoredState, showsLiveReply, STATUS_AFTER } from './turnOutcome';

const record = (status: PersistedSession['status'], messages: ChatMessage[]): PersistedSession => ({
  id: 's',
  title: 't',
  customTitle: false,
  createdAt: 1,
  updatedAt: 2,
  status,
  messages,
});
const user: ChatMessage = { id: 'u', role: 'user', text: 'hi', createdAt: 1 };
const streaming: ChatMessage = { id: 'a', role: 'agent', text: 'partial', createdAt: 2, status: 'streaming' };
const done: ChatMessage = { id: 'b', role: 'agent', text: 'whole', createdAt: 3, status: 'complete' };

describe('restoredState', () => {
  it('interrupts a reply that was streaming when its page went away, keeping its text', () => {
    const state = restoredState(record('streaming', [user, streaming]), false);
    expect(state.status).toBe('interrupted');
    expect(state.messages[1]).toEqual({ ...streaming, status: 'interrupted' });
    expect(state.messages[0]).toBe(user); // untouched messages keep their identity
  });

  it('interrupts a session stored as busy even if no reply was streaming yet', () => {
    expect(restoredState(record('submitting', [user]), false).status).toBe('interrupted');
  });

  it('keeps a settled session as it was', () => {
    const state = restoredState(record('idle', [user, done]), false);
    expect(state).toEqual({ status: 'idle', messages: [user, done] });
  });

  it('leaves a session another tab is streaming alone', () => {
    const state = restoredState(record('streaming', [user, streaming]), true);
    expect(state).toEqual({ status: 'streaming', messages: [user, streaming] });
  });
});

describe('the outcome tables', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('know nothing of %s', name => {
    expect(OUTCOME_BY_STATE[name as TaskStateName]).toBeUndefined();
    expect(STATUS_AFTER[name as AgentMessageStatus]).toBeUndefined();
  });

  it('know what they list', () => {
    expect(OUTCOME_BY_STATE.completed).toBe('complete');
    expect(STATUS_AFTER['input-required']).toBe('input-required');
  });
});

describe('interruptReplies', () => {
  const other: ChatMessage = { id: 'c', role: 'agent', text: 'more', createdAt: 4, status: 'streaming' };

  it('interrupts the named replies still streaming, and the session when none streams any more', () => {
    const result = interruptReplies(record('streaming', [user, streaming]), new Set(['a']));
    expect(result).toMatchObject({ status: 'interrupted', messages: [user, { ...streaming, status: 'interrupted' }] });
  });

  it('leaves the session streaming while another reply still streams', () => {
    const result = interruptReplies(record('streaming', [user, streaming, other]), new Set(['a']));
    expect(result?.status).toBe('streaming');
    expect(result?.messages[2]).toBe(other);
  });

  it('changes nothing when the named replies have ended (their tab finished them)', () => {
    expect(interruptReplies(record('idle', [user, done]), new Set(['b']))).toBeUndefined();
  });
});

describe('showsLiveReply', () => {
  it('is true for a busy session or a streaming reply, false otherwise', () => {
    expect(showsLiveReply(record('submitting', [user]))).toBe(true);
    expect(showsLiveReply(record('idle', [user, streaming]))).toBe(true);
    expect(showsLiveReply(record('idle', [user, done]))).toBe(false);
  });
});
