import type { LiveLocks } from './liveLocks';
import type { PersistedSession } from './records';

/** Why a stored session could not be loaded. */
export interface StorageProblem {
  key: string;
  reason: 'corrupt' | 'newer-version' | 'invalid';
}

export type StorageChange =
  | { type: 'upsert'; session: PersistedSession }
  | { type: 'remove'; id: string };

/** Thrown by `save` when the storage is full. */
export class StorageQuotaError extends Error {
  constructor(cause?: unknown) {
    super('Browser storage is full');
    this.name = 'StorageQuotaError';
    this.cause = cause;
  }
}

/**
 * Where sessions are kept. Each session is its own record, so saving one never
 * re-serialises the others, and two tabs editing different sessions never
 * overwrite each other. The default stores in localStorage; another (a
 * backend, IndexedDB) can be plugged in.
 */
export interface SessionRepository {
  /** Every readable session; unreadable entries are reported, never thrown. */
  load(): Promise<{ sessions: PersistedSession[]; problems: StorageProblem[] }>;
  /** Stores one session. Throws StorageQuotaError when full. */
  save(session: PersistedSession): Promise<void>;
  remove(id: string): Promise<void>;
  loadActiveSessionId(): string | undefined;
  saveActiveSessionId(id: string | undefined): void;
  /** Changes written by another tab of the same user. */
  watch?(listener: (change: StorageChange) => void): () => void;
  /** One session as stored right now (another tab may have written it). */
  read?(id: string): Promise<PersistedSession | undefined>;
  /** Which sessions another tab of the same user is streaming (storage shared with other tabs only). */
  readonly liveLocks?: LiveLocks;
  /** Set when the repository cannot keep data beyond this page. */
  readonly warning?: string;
}
