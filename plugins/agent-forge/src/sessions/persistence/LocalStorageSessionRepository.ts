import { reportLater } from '../../lib/reportLater';
import { InMemorySessionRepository } from './InMemorySessionRepository';
import { createLiveLocks, type LiveLocks, type LockManagerLike } from './liveLocks';
import { encodeRecord, readRecord, type PersistedSession } from './records';
import {
  StorageQuotaError,
  type SessionRepository,
  type StorageChange,
  type StorageProblem,
} from './SessionRepository';

const ROOT = 'agent-forge';

export const STORAGE_UNAVAILABLE_WARNING =
  "This browser does not let Agent Forge store chats, so they are kept only until you leave the page.";

function isQuotaError(error: unknown): boolean {
  const e = error as { name?: string; code?: number } | undefined;
  return (
    e?.name === 'QuotaExceededError' ||
    e?.name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    e?.code === 22 ||
    e?.code === 1014
  );
}

function usable(storage: Storage | undefined): storage is Storage {
  if (!storage) return false;
  try {
    const probe = `${ROOT}:probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return true;
  } catch (error) {
    // A full storage is still usable: reading works, and a chat's record can be cut to fit.
    return isQuotaError(error);
  }
}

function browserStorage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined; // Access itself throws when storage is disabled.
  }
}

/**
 * Sessions in localStorage, one key per session, namespaced by the signed-in
 * user's entity ref: `agent-forge:<user>:session:<id>`. Nothing else is
 * stored; in particular no token ever is.
 */
export class LocalStorageSessionRepository implements SessionRepository {
  private readonly prefix: string;
  private readonly sessionPrefix: string;
  readonly liveLocks: LiveLocks;

  private constructor(private readonly storage: Storage, namespace: string, locks?: LockManagerLike) {
    this.prefix = `${ROOT}:${encodeURIComponent(namespace)}:`;
    this.sessionPrefix = `${this.prefix}session:`;
    this.liveLocks = createLiveLocks(this.prefix, locks);
  }

  /**
   * localStorage when it works, otherwise memory with a visible warning.
   * `locks` defaults to the browser's Web Locks (shared by its tabs, as
   * localStorage is).
   */
  static create(options: { namespace: string; storage?: Storage; locks?: LockManagerLike }): SessionRepository {
    const storage = options.storage ?? browserStorage();
    if (!usable(storage)) return new InMemorySessionRepository(STORAGE_UNAVAILABLE_WARNING);
    return new LocalStorageSessionRepository(storage, options.namespace, options.locks);
  }

  async load(): Promise<{ sessions: PersistedSession[]; problems: StorageProblem[] }> {
    const sessions: PersistedSession[] = [];
    const problems: StorageProblem[] = [];
    for (const key of this.sessionKeys()) {
      const raw = this.storage.getItem(key);
      if (raw === null) continue;
      const decoded = await readRecord(raw, { id: key.slice(this.sessionPrefix.length) });
      if (!decoded.ok) {
        problems.push({ key, reason: decoded.reason });
        continue;
      }
      sessions.push(decoded.session);
      // Store what was read, so the next load reads it as it is shown now.
      if (decoded.migrated || decoded.repaired) this.trySet(key, encodeRecord(decoded.session));
    }
    return { sessions, problems };
  }

  async read(id: string): Promise<PersistedSession | undefined> {
    let raw: string | null;
    try {
      raw = this.storage.getItem(this.sessionPrefix + id);
    } catch {
      return undefined;
    }
    const decoded = raw === null ? undefined : await readRecord(raw, { id });
    return decoded?.ok ? decoded.session : undefined;
  }

  async save(session: PersistedSession): Promise<void> {
    try {
      this.storage.setItem(this.sessionPrefix + session.id, encodeRecord(session));
    } catch (error) {
      if (isQuotaError(error)) throw new StorageQuotaError(error);
      throw error;
    }
  }

  async remove(id: string): Promise<void> {
    this.storage.removeItem(this.sessionPrefix + id);
  }

  loadActiveSessionId(): string | undefined {
    try {
      return this.storage.getItem(`${this.prefix}active`) ?? undefined;
    } catch {
      return undefined;
    }
  }

  saveActiveSessionId(id: string | undefined): void {
    if (id) this.trySet(`${this.prefix}active`, id);
    else this.storage.removeItem(`${this.prefix}active`);
  }

  watch(listener: (change: StorageChange) => void): () => void {
    if (typeof window === 'undefined') return () => undefined;
    // Changes are handed on in the order they happened, even when one needs
    // the record schemas loaded first.
    let previous: Promise<void> = Promise.resolve();
    let watching = true;
    const onStorage = (event: StorageEvent) => {
      if (event.storageArea !== this.storage || !event.key?.startsWith(this.sessionPrefix)) return;
      const id = event.key.slice(this.sessionPrefix.length);
      const newValue = event.newValue;
      previous = previous
        .then(async () => {
          if (newValue === null) {
            if (watching) listener({ type: 'remove', id });
            return;
          }
          const decoded = await readRecord(newValue, { id });
          if (decoded.ok && watching) listener({ type: 'upsert', session: decoded.session });
        })
        // A listener's failure is reported; the changes after it are still handed on.
        .catch(reportLater);
    };
    window.addEventListener('storage', onStorage);
    return () => {
      watching = false;
      window.removeEventListener('storage', onStorage);
    };
  }

  private sessionKeys(): string[] {
    const keys: string[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (key?.startsWith(this.sessionPrefix)) keys.push(key);
    }
    return keys;
  }

  private trySet(key: string, value: string): void {
    try {
      this.storage.setItem(key, value);
    } catch {
      // Best effort: the data stays readable in its old form.
    }
  }
}
