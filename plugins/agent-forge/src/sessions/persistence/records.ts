import type { ChatMessage, SessionStatus } from '../model';
import { isSessionV1 } from './fastCheckV1';

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


function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The common case without the schema: a record of the current version, in
 * the exact form this version writes (fastCheckV1.ts). Also answers what no
 * schema can change (not JSON, a newer version). Undefined: the record needs
 * the schema to be read (repair.ts).
 */
export function readRecordFast(raw: string, options: DecodeOptions = {}): DecodeResult | undefined {
  let record: unknown;
  try {
    record = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'corrupt' };
  }
  if (!isPlainObject(record)) return { ok: false, reason: 'invalid' };
  const { v, session } = record;
  if (typeof v === 'number' && Number.isInteger(v) && v > SCHEMA_VERSION) return { ok: false, reason: 'newer-version' };
  if (v === SCHEMA_VERSION && isSessionV1(session) && (options.id === undefined || session.id === options.id)) {
    return { ok: true, session, migrated: false, repaired: false };
  }
  return undefined;
}

/**
 * Parses, checks and migrates a stored record; never rejects. Records this
 * version wrote are read at once; any other (damaged, older) is read part by
 * part with the record schemas, which load on first need: the page's own
 * code does not carry them.
 */
export async function readRecord(raw: string, options: DecodeOptions = {}): Promise<DecodeResult> {
  const fast = readRecordFast(raw, options);
  if (fast) return fast;
  try {
    const { decodeRecord } = await import('./repair');
    return decodeRecord(raw, options);
  } catch {
    // The schemas could not be loaded: leave the record as it is, untouched.
    return { ok: false, reason: 'invalid' };
  }
}
