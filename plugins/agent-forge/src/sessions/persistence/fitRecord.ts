/*
 * Cutting one session's record down to a length, for a storage that is full.
 * Only the record's own content goes, oldest first: its earliest messages,
 * then, when the latest message alone is still too long, the end of that
 * message's text (marked, so that a reload says what is missing), keeping
 * the question it answers. The latest message itself is always kept.
 *
 * Lengths are those of the encoded record (encodeRecord), counted without
 * encoding it: each message's encoded length is measured once per message
 * object, and settled messages keep their objects, so measuring a streaming
 * session's record costs the length of its live reply only.
 */
import type { ChatMessage } from '../model';
import { encodeRecord, type PersistedSession } from './records';

const lengths = new WeakMap<ChatMessage, number>();

function lengthOf(message: ChatMessage): number {
  let length = lengths.get(message);
  if (length === undefined) {
    length = JSON.stringify(message).length;
    lengths.set(message, length);
  }
  return length;
}

/** The encoded record without its messages (with `"messages":[]`). */
function shellLength(record: PersistedSession): number {
  return encodeRecord({ ...record, messages: [] }).length;
}

/** `encodeRecord(record).length`, with each message measured once. */
export function recordLength(record: PersistedSession): number {
  const { messages } = record;
  let length = shellLength(record) + Math.max(0, messages.length - 1); // the commas
  for (const message of messages) length += lengthOf(message);
  return length;
}

/** At least this much of a text is worth keeping; below it the record does not fit. */
const MIN_KEPT_CHARS = 200;

/**
 * Where to cut `text` so that its JSON encoding (without the quotes) takes at
 * most `room` characters: at a paragraph, line or word break near the limit
 * when there is one (a reader gets whole sentences), never inside a
 * surrogate pair.
 */
export function cutPoint(text: string, room: number): number {
  let end = Math.min(text.length, Math.max(0, room));
  for (let attempt = 0; ; attempt++) {
    if (end > 0 && end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    const over = JSON.stringify(text.slice(0, end)).length - 2 - room;
    if (over <= 0) break;
    // An escaped character takes up to 6 (\u0000): dropping over / 6 of them
    // may fall short, and is retried; after a few tries drop `over`, which
    // is always enough (each character takes at least one).
    end = Math.max(0, end - (attempt < 4 ? Math.ceil(over / 6) : over));
  }
  if (end >= text.length) return end;
  const paragraph = text.lastIndexOf('\n\n', end - 2);
  if (paragraph >= end * 0.8) return paragraph;
  const line = text.lastIndexOf('\n', end - 1);
  if (line >= end * 0.9) return line;
  const space = text.lastIndexOf(' ', end - 1);
  if (space >= end * 0.98) return space;
  return end;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The message with its text cut to fit `room` encoded characters, marked; undefined if it cannot. */
function cutMessage(message: ChatMessage, room: number): ChatMessage | undefined {
  const totalChars = message.truncatedForStorage?.totalChars ?? message.text.length;
  // Measured with the widest numbers the mark can hold.
  const mark = { savedChars: totalChars, totalChars };
  const bare = (m: ChatMessage): ChatMessage => ({ ...m, text: '', truncatedForStorage: mark });
  let shape = bare(message);
  if (JSON.stringify(shape).length > room && message.role === 'agent') {
    // Artifacts and earlier plans can be as long as the text; the text comes first.
    shape = bare({ ...message, artifacts: undefined, planHistory: undefined });
  }
  const available = room - JSON.stringify(shape).length;
  if (available < Math.min(MIN_KEPT_CHARS, message.text.length)) return undefined;
  const end = cutPoint(message.text, available);
  return { ...shape, text: message.text.slice(0, end), truncatedForStorage: { savedChars: end, totalChars } };
}

/**
 * The record at most `budget` encoded characters long: unchanged if it
 * fits; else without its oldest messages (marked `pruned`); else its latest
 * message cut, after the question it answers. Undefined when not even that
 * fits.
 */
export function trimRecord(record: PersistedSession, budget: number): PersistedSession | undefined {
  if (recordLength(record) <= budget) return record;
  const { messages } = record;
  const latest = messages[messages.length - 1];
  if (!latest) return undefined;
  const trimmed = { ...record, pruned: messages.length > 1 ? true : record.pruned };
  let length = shellLength(trimmed);
  let keepFrom = messages.length;
  for (let i = messages.length - 1; i >= 0; i--) {
    const next = length + lengthOf(messages[i]) + (i < messages.length - 1 ? 1 : 0);
    if (next > budget) break;
    length = next;
    keepFrom = i;
  }
  if (keepFrom < messages.length) return { ...trimmed, messages: messages.slice(keepFrom) };
  // The latest message alone is too long. A reader still needs the question
  // it answers (when short) and the beginning of its text.
  const question = messages[messages.length - 2];
  if (question?.role === 'user' && lengthOf(question) <= budget / 10) {
    const shell = shellLength({ ...record, pruned: messages.length > 2 ? true : record.pruned });
    const cut = cutMessage(latest, budget - shell - lengthOf(question) - 1);
    if (cut) return { ...record, pruned: messages.length > 2 ? true : record.pruned, messages: [question, cut] };
  }
  const cut = cutMessage(latest, budget - length);
  return cut && { ...trimmed, messages: [cut] };
}
