/**
 * What storage has to tell the user. Data only: the page words it (in the
 * user's language).
 */
export type StorageNotice =
  /**
   * This chat's record did not fit in browser storage whole: its oldest
   * messages (or the end of its latest reply) are not stored. Told once per
   * chat; the page still shows everything until it is reloaded.
   */
  | { kind: 'trimmed'; sessionId: string; title: string }
  /** This chat could not be stored at all (`detail`: why, when not a full storage). */
  | { kind: 'save-failed'; sessionId: string; title: string; detail?: string }
  /** Chats deleted by the retention policy: over the age limit, over the count limit. */
  | { kind: 'expired'; tooOld: number; overLimit: number; maxAgeDays: number; maxSessions: number };
