/*
 * Two tabs writing one chat. Each tab stores the whole session record, so
 * when both send in the same chat at the same moment, each tab's record
 * lacks the other's new message and reply, and the last write would win.
 * Instead a tab merges a record written by another tab with its own
 * transcript by message id:
 *
 * - the other tab's record is the truth for everything it holds (a message
 *   this tab had and the record does not was removed there, e.g. by Retry),
 *   except that
 * - this tab's live turn (the message it sent and the reply it streams) is
 *   kept, in this tab's version: no other tab knows it better;
 * - a reply this tab has seen end is not taken back to streaming by an
 *   older copy of it (the other tab wrote before it heard of the end).
 *
 * When the other tab had to leave this chat's oldest messages out of storage
 * (it was full: the record says `pruned`), this tab keeps those it has: they
 * were not removed, only not stored.
 *
 * Kept messages of this tab's live turn go where they belong by time: each
 * turn (a user message and the replies after it) is placed by its first
 * message's createdAt, then id, so both tabs arrive at the same order.
 */
import type { ChatMessage } from '../model';

/** Statuses that end a reply for good: no copy of it can be more recent. */
function hasEnded(message: ChatMessage): boolean {
  return message.role === 'agent' && message.status !== 'streaming' && message.status !== 'interrupted';
}

function isLive(message: ChatMessage): boolean {
  return message.role === 'agent' && (message.status === 'streaming' || message.status === 'interrupted');
}

/** The version of a message both transcripts hold that this tab shows. */
function pick(mine: ChatMessage, theirs: ChatMessage, liveHere: ReadonlySet<string>): ChatMessage {
  if (liveHere.has(mine.id)) return mine;
  if (hasEnded(mine) && isLive(theirs)) return mine;
  return theirs;
}

interface Turn {
  /** Its first message: a user message, or a reply before any. */
  head: ChatMessage;
  messages: ChatMessage[];
}

function turnsOf(messages: readonly ChatMessage[]): Turn[] {
  const turns: Turn[] = [];
  for (const message of messages) {
    const current = turns[turns.length - 1];
    if (!current || message.role === 'user') turns.push({ head: message, messages: [message] });
    else current.messages.push(message);
  }
  return turns;
}

function before(a: ChatMessage, b: ChatMessage): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}

export interface MergeOptions {
  /** Ids of this tab's live turn: the message it sent and the reply it streams. */
  liveHere?: ReadonlySet<string>;
  /** The other tab left the oldest messages out of its record for space. */
  theirsPruned?: boolean;
}

export interface Merged {
  /** `theirs` itself when this tab has nothing to add or keep. */
  messages: readonly ChatMessage[];
  /**
   * This tab knows a reply the record holds better (it saw it end): the
   * record is stale there, and this tab should store the merge, or it stays
   * stale for every tab and the next load.
   */
  newer: boolean;
}

/** `theirs` (another tab's record of the session) merged with `mine` (this tab's transcript). */
export function mergeTranscripts(
  mine: readonly ChatMessage[],
  theirs: readonly ChatMessage[],
  options: MergeOptions = {},
): Merged {
  const liveHere = options.liveHere ?? new Set<string>();
  const mineById = new Map(mine.map(message => [message.id, message]));
  const theirIds = new Set(theirs.map(message => message.id));
  const first = theirs.length > 0 ? mine.findIndex(message => message.id === theirs[0].id) : -1;
  const older = options.theirsPruned && first > 0 ? mine.slice(0, first).filter(m => !theirIds.has(m.id)) : [];
  let changed = older.length > 0;
  let newer = false;
  const merged = [...older, ...theirs].map(message => {
    const own = mineById.get(message.id);
    const shown = own ? pick(own, message, liveHere) : message;
    if (shown !== message) {
      changed = true;
      if (theirIds.has(message.id) && !liveHere.has(message.id)) newer = true;
    }
    return shown;
  });
  // This tab's live turn, where the other tab has not seen it yet.
  const missing = mine.filter(message => liveHere.has(message.id) && !theirIds.has(message.id));
  if (missing.length === 0) return { messages: changed ? merged : theirs, newer };

  const turns = turnsOf(merged);
  const turnOf = new Map<string, Turn>();
  for (const turn of turns) turnOf.set(turn.head.id, turn);
  for (const turn of turnsOf(mine)) {
    const kept = turn.messages.filter(message => missing.includes(message));
    if (kept.length === 0) continue;
    const shared = turnOf.get(turn.head.id);
    if (shared) {
      // A reply of a turn both know (a Retry or Resume here): at its end.
      shared.messages.push(...kept);
      continue;
    }
    const placed: Turn = { head: kept[0], messages: kept };
    const index = turns.findIndex(other => before(placed.head, other.head));
    turns.splice(index < 0 ? turns.length : index, 0, placed);
  }
  return { messages: turns.flatMap(turn => turn.messages), newer };
}
