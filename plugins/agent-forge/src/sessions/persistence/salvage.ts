/*
 * Lenient reading of a stored session, version 1. A record can hold anything
 * (another build's bug, a hand edit, a damaged write, a hostile extension),
 * and whatever this page stored it also reloads on every visit: one bad
 * field must never take the page down, nor cost the rest of the chat.
 *
 * So a record is read part by part against the strict schemas of
 * schemaV1.ts. A message whose optional part is unreadable (plan, tools,
 * form, artifacts, error, notice, …) loses that part and names it in its
 * `unrestored` note; a message without a usable id, role or text is left out
 * and counted in the session's `unrestoredMessages`; a session is kept
 * whenever it has a usable id, with defaults for the rest. What comes out
 * passes the strict schema.
 */
import { z } from 'zod/v4';
import { MESSAGE_PARTS, type ChatMessage, type MessagePart } from '../model';
import { DEFAULT_TITLE } from '../turnOutcome';
import { isMessageV1, isSessionV1 } from './fastCheckV1';
import type { PersistedSession } from './records';
import { agentMessageV1, idSchema, messageV1, sessionV1, userMessageV1 } from './schemaV1';

/** Longest title kept (the rename limit). */
const MAX_TITLE = 200;

export interface SalvageContext {
  /** The id the storage knows the record by (its key), which wins over the record's. */
  id?: string;
  /** Stands in for times the record does not hold. */
  now: number;
}

export interface Salvaged {
  session: PersistedSession;
  /** Something had to be left out or replaced. */
  repaired: boolean;
}

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property only: nothing inherited, whatever the key. */
function own(object: Plain, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function valid<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

const timestamp = sessionV1.shape.createdAt;
const notes = agentMessageV1.shape.unrestored;

/** The fields of a message the page cannot show it without. */
const CORE_FIELDS = new Set(['id', 'role', 'text']);

/**
 * One message, as much of it as is readable; undefined when its id, role or
 * text is not. `fallbackTime` stands in for an unreadable createdAt.
 */
export function salvageMessage(raw: unknown, fallbackTime: number): ChatMessage | undefined {
  if (isMessageV1(raw)) return raw;
  if (!isPlain(raw)) return undefined;
  const role = own(raw, 'role');
  if (role !== 'user' && role !== 'agent') return undefined;
  const schema = role === 'user' ? userMessageV1 : agentMessageV1;

  const kept: Plain = {};
  const lost = new Set<MessagePart>(valid(notes, own(raw, 'unrestored')) ?? []);
  for (const [key, field] of Object.entries(schema.shape) as Array<[string, z.ZodType]>) {
    const value = own(raw, key);
    const parsed = field.safeParse(value);
    if (parsed.success) {
      if (parsed.data !== undefined) kept[key] = parsed.data;
    } else if (CORE_FIELDS.has(key)) {
      return undefined;
    } else if (key === 'createdAt') {
      kept.createdAt = fallbackTime;
    } else if (key === 'status') {
      // Unknown how it ended: the way forward (Retry, Resume) is the user's.
      kept.status = 'interrupted';
      lost.add('status');
    } else if (isMessagePart(key)) {
      lost.add(key);
    }
    // Anything else (an unreadable note) is dropped without a note of its own.
  }
  if (lost.size > 0) kept.unrestored = MESSAGE_PARTS.filter(part => lost.has(part));
  return valid(messageV1, kept);
}

const PARTS = new Set<string>(MESSAGE_PARTS);

function isMessagePart(key: string): key is MessagePart {
  return PARTS.has(key);
}

function timeOf(value: unknown): number | undefined {
  return valid(timestamp, value);
}

/** Version 1 session from whatever `raw` is; undefined without a usable id. */
export function salvageSessionV1(raw: unknown, context: SalvageContext): Salvaged | undefined {
  const keyId = valid(idSchema, context.id);
  if (isSessionV1(raw) && (keyId === undefined || raw.id === keyId)) return { session: raw, repaired: false };
  if (!isPlain(raw)) return undefined;
  const id = keyId ?? valid(idSchema, own(raw, 'id'));
  if (id === undefined) return undefined;

  const rawMessages = own(raw, 'messages');
  const list: unknown[] = Array.isArray(rawMessages) ? rawMessages : [];
  let unreadable = Array.isArray(rawMessages) || rawMessages === undefined ? 0 : 1;
  const createdAt = timeOf(own(raw, 'createdAt'));
  const updatedAt = timeOf(own(raw, 'updatedAt'));
  let clock = createdAt ?? updatedAt ?? context.now;
  const messages: ChatMessage[] = [];
  for (const item of list) {
    const message = salvageMessage(item, clock);
    if (message) {
      messages.push(message);
      clock = message.createdAt;
    } else {
      unreadable++;
    }
  }
  const lastActivity = messages.length > 0 ? messages[messages.length - 1].createdAt : undefined;

  const title = own(raw, 'title');
  const earlier = valid(sessionV1.shape.unrestoredMessages, own(raw, 'unrestoredMessages')) ?? 0;
  const session: PersistedSession = {
    id,
    title: typeof title === 'string' && title.trim() ? title.slice(0, MAX_TITLE) : DEFAULT_TITLE,
    customTitle: own(raw, 'customTitle') === true,
    createdAt: createdAt ?? updatedAt ?? messages[0]?.createdAt ?? context.now,
    updatedAt: updatedAt ?? lastActivity ?? createdAt ?? context.now,
    status: valid(sessionV1.shape.status, own(raw, 'status')) ?? 'idle',
    messages,
  };
  const unread = valid(sessionV1.shape.unread, own(raw, 'unread'));
  const contextId = valid(sessionV1.shape.contextId, own(raw, 'contextId'));
  const taskId = valid(sessionV1.shape.taskId, own(raw, 'taskId'));
  const pruned = valid(sessionV1.shape.pruned, own(raw, 'pruned'));
  if (unread !== undefined) session.unread = unread;
  if (contextId !== undefined) session.contextId = contextId;
  if (taskId !== undefined) session.taskId = taskId;
  if (pruned !== undefined) session.pruned = pruned;
  if (earlier + unreadable > 0) session.unrestoredMessages = earlier + unreadable;
  return { session, repaired: true };
}
