import type { ChatMessage, SessionStatus } from '../model';
import { salvageSessionV1, type SalvageContext, type Salvaged } from './salvage';

/** Version of the stored record format; bump it with a migration below. */
export const SCHEMA_VERSION = 1;

/** One session as stored: everything needed to show and continue it. */
export interface PersistedSession {
  id: string;
  title: string;
  customTitle: boolean;
  createdAt: number;
  updatedAt: number;
  status: SessionStatus;
  unread?: boolean;
  contextId?: string;
  taskId?: string;
  messages: readonly ChatMessage[];
  /** Older messages were left out to fit in browser storage. */
  pruned?: boolean;
  /** Stored messages that could not be read back, so were left out. */
  unrestoredMessages?: number;
}

export interface StoredRecord {
  v: number;
  session: PersistedSession;
}

export type DecodeResult =
  | {
      ok: true;
      session: PersistedSession;
      /** Written by an older version: store it again in the current format. */
      migrated: boolean;
      /** Parts were unreadable and left out: store it again as read. */
      repaired: boolean;
    }
  | { ok: false; reason: 'corrupt' | 'newer-version' | 'invalid' };

/**
 * Reads the session of a record of one version, leniently (with that
 * version's schema), and upgrades it to the current version.
 */
export type VersionReader = (session: unknown, context: SalvageContext) => Salvaged | undefined;

/**
 * One reader per record version that can still be read. Version 0 was never
 * released. When version 2 comes: `2: salvageSessionV2`, and version 1
 * becomes `(raw, c) => upgrade1to2(salvageSessionV1(raw, c))`.
 */
const READERS: Record<number, VersionReader> = {
  1: salvageSessionV1,
};

export function encodeRecord(session: PersistedSession): string {
  const record: StoredRecord = { v: SCHEMA_VERSION, session };
  return JSON.stringify(record);
}

export interface DecodeOptions {
  /** The id the storage knows the record by; it wins over the record's own. */
  id?: string;
  /** Stands in for times the record does not hold. */
  now?: number;
}

/** A decoder for records read by `readers`, the newest being `current`. */
export function recordDecoder(readers: Record<number, VersionReader>, current: number) {
  return (raw: string, options: DecodeOptions = {}): DecodeResult => {
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch {
      return { ok: false, reason: 'corrupt' };
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return { ok: false, reason: 'invalid' };
    const { v, session } = record as { v?: unknown; session?: unknown };
    if (typeof v !== 'number' || !Number.isInteger(v)) return { ok: false, reason: 'invalid' };
    // Written by a newer version of the plugin: leave it untouched.
    if (v > current) return { ok: false, reason: 'newer-version' };
    const read = Object.prototype.hasOwnProperty.call(readers, v) ? readers[v] : undefined;
    const salvaged = read?.(session, { id: options.id, now: options.now ?? Date.now() });
    if (!salvaged) return { ok: false, reason: 'invalid' };
    return { ok: true, session: salvaged.session, migrated: v < current, repaired: salvaged.repaired };
  };
}

/** Parses, checks and migrates a stored record; never throws. */
export const decodeRecord = recordDecoder(READERS, SCHEMA_VERSION);
