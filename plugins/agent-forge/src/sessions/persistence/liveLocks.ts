/*
 * Which tab is streaming a session, across the tabs of one browser.
 *
 * A tab streaming a reply holds the session's lock (Web Locks,
 * `navigator.locks`, shared mode: two tabs may stream the same chat). The
 * browser releases a tab's locks when the tab goes away by any route —
 * closed, navigated, crashed or killed — which a record in storage cannot
 * tell: a tab that dies mid-stream never writes that its reply ended. A tab
 * showing a reply as live in another tab waits for the lock (exclusive mode,
 * granted once no tab streams it any more) and then reads the record: a
 * reply still stored as streaming had no tab left to finish it.
 *
 * A heartbeat in the record would need a write per interval per streaming
 * session even while nothing changes, and a timeout long enough for a
 * background tab's throttled timers; the lock costs nothing and is exact.
 *
 * Without Web Locks (jsdom, an insecure http:// origin other than
 * localhost, old browsers) every method does nothing: a reply whose tab died
 * then shows as live until the next load, which marks it interrupted.
 */

/** The subset of the Web Locks API used here. */
export interface LockManagerLike {
  request(
    name: string,
    options: { mode?: 'shared' | 'exclusive'; signal?: AbortSignal },
    callback: () => unknown,
  ): Promise<unknown>;
  query(): Promise<{ held?: Array<{ name?: string }> }>;
}

export interface LiveLocks {
  /** Holds the session's live lock until the returned function is called. */
  hold(sessionId: string): () => void;
  /** Calls `onFree` once no tab holds the session's live lock; returns a cancel. */
  whenFree(sessionId: string, onFree: () => void): () => void;
  /** The sessions some tab holds the live lock of right now. */
  held(): Promise<Set<string>>;
}

const noop = () => undefined;

/** For when the browser has no Web Locks: nothing is ever known to be live elsewhere. */
export const NO_LIVE_LOCKS: LiveLocks = {
  hold: () => noop,
  whenFree: () => noop,
  held: async () => new Set(),
};

function browserLocks(): LockManagerLike | undefined {
  try {
    const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
    return locks && typeof locks.request === 'function' && typeof locks.query === 'function' ? locks : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Live locks named `<prefix>live:<sessionId>`; the prefix keeps users (and
 * anything else on the origin) apart, as the storage keys do.
 */
export function createLiveLocks(prefix: string, lockManager?: LockManagerLike): LiveLocks {
  const locks = lockManager ?? browserLocks();
  if (!locks) return NO_LIVE_LOCKS;
  const lockPrefix = `${prefix}live:`;
  const name = (sessionId: string) => lockPrefix + sessionId;
  // A request that was aborted or refused rejects; nothing waits on it.
  const settle = (request: Promise<unknown>) => request.catch(noop);

  return {
    hold(sessionId) {
      const abort = new AbortController();
      let release: () => void = noop;
      const held = new Promise<void>(resolve => {
        release = resolve;
      });
      settle(locks.request(name(sessionId), { mode: 'shared', signal: abort.signal }, () => held));
      return () => {
        abort.abort(); // still queued: leave the queue
        release(); // granted: let go
      };
    },

    whenFree(sessionId, onFree) {
      const abort = new AbortController();
      settle(
        locks.request(name(sessionId), { mode: 'exclusive', signal: abort.signal }, () => {
          // Granted and at once released: this tab only wanted to know.
          if (!abort.signal.aborted) onFree();
        }),
      );
      return () => abort.abort();
    },

    async held() {
      try {
        const { held = [] } = await locks.query();
        const ids = new Set<string>();
        for (const lock of held) {
          if (lock.name?.startsWith(lockPrefix)) ids.add(lock.name.slice(lockPrefix.length));
        }
        return ids;
      } catch {
        return new Set();
      }
    },
  };
}
