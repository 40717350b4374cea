/* A Turn on its own and the plugin-model events it applies, for unit tests of reply handling. */
import type { A2AEvent, ContentPart, TaskStateName } from '../a2a/types';
import { DEFAULT_REPLY_LIMITS, type ReplyLimits } from '../sessions/limits';
import { Turn } from '../sessions/turn';

export function newTurn(limits: Partial<ReplyLimits> = {}): Turn {
  return new Turn(
    {
      requestId: 'r',
      abortController: new AbortController(),
      streamingMessageId: 'm',
      streamingOutputBuffer: [],
      taskId: undefined,
    },
    { plan: undefined, history: [], autoExpand: true, loading: true },
    undefined,
    { ...DEFAULT_REPLY_LIMITS, ...limits },
  );
}

export function artifact(
  name: string,
  text: string,
  options: { append?: boolean; artifactId?: string; parts?: ContentPart[] } = {},
): A2AEvent {
  return {
    kind: 'artifact',
    taskId: 'task-1',
    contextId: 'ctx-1',
    artifact: {
      artifactId: options.artifactId ?? `${name}-id`,
      name,
      append: options.append ?? false,
      lastChunk: false,
      parts: options.parts ?? (text ? [{ type: 'text', text }] : []),
      text,
    },
  };
}

export function status(state: TaskStateName, text?: string, parts?: ContentPart[]): A2AEvent {
  const message = text === undefined && !parts ? undefined : { text: text ?? '', parts: parts ?? [{ type: 'text', text: text ?? '' }] };
  return { kind: 'status', taskId: 'task-1', contextId: 'ctx-1', state, message };
}

export const data = (value: unknown): ContentPart => ({ type: 'data', data: value });
