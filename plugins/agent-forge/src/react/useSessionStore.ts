import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { ChatSession } from '../sessions/ChatSession';
import type { SessionSnapshot } from '../sessions/model';
import type { ManagerSnapshot, SessionManager } from '../sessions/SessionManager';

const noSubscription = () => () => undefined;
const noSnapshot = () => undefined;

/** Cross-session state: the sidebar, the connection, notices. */
export function useManagerSnapshot(manager: SessionManager): ManagerSnapshot {
  return useSyncExternalStore(manager.subscribe, manager.getSnapshot);
}

/**
 * One session's state. Only this session's changes re-render the caller: a
 * hidden session streaming never touches the visible one.
 */
export function useSessionSnapshot(session: ChatSession | undefined): SessionSnapshot | undefined {
  return useSyncExternalStore(
    session ? session.subscribe : noSubscription,
    session ? session.getSnapshot : noSnapshot,
  );
}

/**
 * One field of a session's state (compared with Object.is): the caller
 * renders when that field changes, not on every streamed frame.
 */
export function useSessionField<T>(session: ChatSession | undefined, select: (s: SessionSnapshot) => T): T | undefined {
  return useSyncExternalStore(
    session ? session.subscribe : noSubscription,
    () => (session ? select(session.getSnapshot()) : undefined),
  );
}

/**
 * The session's state while `live`; while not, the state it had when it
 * stopped being live, without subscribing: a hidden pane keeps its DOM and
 * does not render until it is shown again (then it renders what changed).
 */
export function useSessionSnapshotWhile(session: ChatSession, live: boolean): SessionSnapshot {
  const last = useRef<SessionSnapshot>();
  const subscribe = useCallback(
    (listener: () => void) => (live ? session.subscribe(listener) : () => undefined),
    [session, live],
  );
  return useSyncExternalStore(subscribe, () => {
    if (live || !last.current) last.current = session.getSnapshot();
    return last.current;
  });
}

/**
 * The page-level fields of the manager snapshot, each read with its own
 * selector so that the caller renders only when one of them changes (the
 * session list changes far more often).
 */
export function useManagerFields(manager: SessionManager) {
  const connection = useSyncExternalStore(manager.subscribe, () => manager.getSnapshot().connection);
  const notices = useSyncExternalStore(manager.subscribe, () => manager.getSnapshot().notices);
  const storageWarning = useSyncExternalStore(manager.subscribe, () => manager.getSnapshot().storageWarning);
  const storageProblems = useSyncExternalStore(manager.subscribe, () => manager.getSnapshot().storageProblems);
  return { connection, notices, storageWarning, storageProblems };
}
