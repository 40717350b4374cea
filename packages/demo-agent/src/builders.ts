/*
 * Small constructors for the SDK's protobuf-generated types. Those types
 * make every field explicit (empty strings, `undefined` metadata, empty
 * arrays), which is noisy at every call site; these helpers fill them in.
 */
import { randomUUID } from 'node:crypto';
import {
  Role,
  TaskState,
  type Artifact,
  type Message,
  type Part,
  type Task,
  type TaskArtifactUpdateEvent,
  type TaskStatusUpdateEvent,
} from '@a2a-js/sdk';

type Metadata = Record<string, unknown> | undefined;

export function textPart(text: string, mediaType = 'text/plain'): Part {
  return {
    content: { $case: 'text', value: text },
    metadata: undefined,
    filename: '',
    mediaType,
  };
}

export function dataPart(data: unknown): Part {
  return {
    content: { $case: 'data', value: data },
    metadata: undefined,
    filename: '',
    mediaType: 'application/json',
  };
}

export function agentMessage(
  ids: { taskId: string; contextId: string },
  parts: Part[],
  metadata?: Metadata,
): Message {
  return {
    messageId: randomUUID(),
    contextId: ids.contextId,
    taskId: ids.taskId,
    role: Role.ROLE_AGENT,
    parts,
    metadata,
    extensions: [],
    referenceTaskIds: [],
  };
}

export function newTask(
  ids: { taskId: string; contextId: string },
  state: TaskState,
  history: Message[],
): Task {
  return {
    id: ids.taskId,
    contextId: ids.contextId,
    status: { state, message: undefined, timestamp: new Date().toISOString() },
    artifacts: [],
    history,
    metadata: undefined,
  };
}

export function statusUpdate(
  ids: { taskId: string; contextId: string },
  state: TaskState,
  message?: Message,
  metadata?: Metadata,
): TaskStatusUpdateEvent {
  return {
    taskId: ids.taskId,
    contextId: ids.contextId,
    status: { state, message, timestamp: new Date().toISOString() },
    metadata,
  };
}

export function artifactUpdate(
  ids: { taskId: string; contextId: string },
  artifact: {
    artifactId: string;
    name: string;
    parts: Part[];
    description?: string;
    metadata?: Metadata;
  },
  flags: { append?: boolean; lastChunk?: boolean } = {},
): TaskArtifactUpdateEvent {
  const full: Artifact = {
    artifactId: artifact.artifactId,
    name: artifact.name,
    description: artifact.description ?? '',
    parts: artifact.parts,
    metadata: artifact.metadata,
    extensions: [],
  };
  return {
    taskId: ids.taskId,
    contextId: ids.contextId,
    artifact: full,
    append: flags.append ?? false,
    lastChunk: flags.lastChunk ?? true,
    metadata: undefined,
  };
}

/** All text of a message's text parts, joined by newlines. */
export function messageText(message: Message | undefined): string {
  return (message?.parts ?? [])
    .map(p => (p.content?.$case === 'text' ? p.content.value : undefined))
    .filter((t): t is string => t !== undefined)
    .join('\n');
}

/** The values of a message's data parts. */
export function messageData(message: Message | undefined): unknown[] {
  return (message?.parts ?? [])
    .map(p => (p.content?.$case === 'data' ? p.content.value : undefined))
    .filter(v => v !== undefined);
}
