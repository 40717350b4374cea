import type { ChatMessage } from './model';

/** Index of a message by id, searching from the end (where the live one is). */
export function indexOfMessage(messages: readonly ChatMessage[], id: string): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].id === id) return i;
  }
  return -1;
}

export function lastIndexWhere(
  messages: readonly ChatMessage[],
  predicate: (message: ChatMessage) => boolean,
): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (predicate(messages[i])) return i;
  }
  return -1;
}

/**
 * A copy of the list with one message replaced. Every other message object is
 * kept, so settled messages keep their identity and their views need not
 * re-render. Unknown ids leave the list as it is.
 */
export function withMessage(messages: ChatMessage[], message: ChatMessage): ChatMessage[] {
  const index = indexOfMessage(messages, message.id);
  if (index < 0) return messages;
  const next = messages.slice();
  next[index] = message;
  return next;
}
