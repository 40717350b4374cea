import { SESSION_STATUSES, type ChatMessage, type SessionStatus } from '../model';

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
  /** The transcript was dropped to free storage space. */
  pruned?: boolean;
}

export interface StoredRecord {
  v: number;
  session: PersistedSession;
}

export type DecodeResult =
  | { ok: true; session: PersistedSession; migrated: boolean }
  | { ok: false; reason: 'corrupt' | 'newer-version' | 'invalid' };

/**
 * Upgrades a record of an older schema, one version at a time. Version 0 was
 * never released; the table shows where the next migration goes.
 */
const MIGRATIONS: Record<number, (record: any) => any> = {
  // 1: record => ({ v: 2, session: { ...record.session, newField: … } }),
};

function isSession(value: any): value is PersistedSession {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof value.id === 'string' &&
    typeof value.title === 'string' &&
    typeof value.createdAt === 'number' &&
    typeof value.updatedAt === 'number' &&
    Array.isArray(value.messages)
  );
}

function isMessage(value: any): value is ChatMessage {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof value.id === 'string' &&
    (value.role === 'user' || value.role === 'agent') &&
    typeof value.text === 'string'
  );
}

export function encodeRecord(session: PersistedSession): string {
  const record: StoredRecord = { v: SCHEMA_VERSION, session };
  return JSON.stringify(record);
}

/** Parses and migrates a stored record; never throws. */
export function decodeRecord(raw: string): DecodeResult {
  let record: any;
  try {
    record = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'corrupt' };
  }
  if (!record || typeof record !== 'object' || typeof record.v !== 'number') {
    return { ok: false, reason: 'invalid' };
  }
  if (record.v > SCHEMA_VERSION) {
    // Written by a newer version of the plugin: leave it untouched.
    return { ok: false, reason: 'newer-version' };
  }
  const migrated = record.v < SCHEMA_VERSION;
  while (record.v < SCHEMA_VERSION) {
    const migrate = MIGRATIONS[record.v];
    if (!migrate) return { ok: false, reason: 'invalid' };
    record = migrate(record);
  }
  const session = record.session;
  if (!isSession(session)) return { ok: false, reason: 'invalid' };
  return {
    ok: true,
    migrated,
    session: {
      ...session,
      customTitle: Boolean(session.customTitle),
      status: SESSION_STATUSES.includes(session.status) ? session.status : 'idle',
      messages: session.messages.filter(isMessage),
    },
  };
}
