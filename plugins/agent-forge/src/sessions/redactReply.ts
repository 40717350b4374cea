import { redactSecrets } from '../lib/redact';
import type { AgentMessage, ChatMessage } from './model';

/**
 * An agent reply with credential-looking values removed from everything the
 * agent wrote (see lib/redact.ts): applied when a reply settles, so that
 * what is shown, stored and exported agree, and to the reply still streaming
 * whenever it is stored.
 */
export function redactReply(message: AgentMessage): AgentMessage {
  const out: AgentMessage = { ...message, text: redactSecrets(message.text) };
  if (message.notice) out.notice = redactSecrets(message.notice);
  if (message.error) {
    out.error = {
      ...message.error,
      message: redactSecrets(message.error.message),
      ...(message.error.detail ? { detail: redactSecrets(message.error.detail) } : {}),
    };
  }
  if (message.artifacts) out.artifacts = message.artifacts.map(a => ({ ...a, text: redactSecrets(a.text) }));
  if (message.tools) out.tools = message.tools.map(tool => (tool.result ? { ...tool, result: redactSecrets(tool.result) } : tool));
  return out;
}

/** The same for any message: only agent replies are redacted (what users type is theirs). */
export function redactMessage(message: ChatMessage): ChatMessage {
  return message.role === 'agent' ? redactReply(message) : message;
}
