import type {
  AgentCard,
  Artifact,
  Message,
  Part,
  StreamResponse,
  Task,
} from '@a2a-js/sdk';
import { TaskState } from '@a2a-js/sdk';
import type {
  A2AEvent,
  AgentCardSummary,
  AgentContent,
  ArtifactChunk,
  ContentPart,
  TaskStateName,
} from './types';

const STATE_NAMES: Record<number, TaskStateName> = {
  [TaskState.TASK_STATE_SUBMITTED]: 'submitted',
  [TaskState.TASK_STATE_WORKING]: 'working',
  [TaskState.TASK_STATE_INPUT_REQUIRED]: 'input-required',
  [TaskState.TASK_STATE_AUTH_REQUIRED]: 'auth-required',
  [TaskState.TASK_STATE_COMPLETED]: 'completed',
  [TaskState.TASK_STATE_FAILED]: 'failed',
  [TaskState.TASK_STATE_CANCELED]: 'canceled',
  [TaskState.TASK_STATE_REJECTED]: 'rejected',
};

/** Maps the SDK's numeric state; anything else (incl. UNRECOGNIZED) is `unknown`. */
export function stateName(state: TaskState | undefined): TaskStateName {
  return (state !== undefined && STATE_NAMES[state]) || 'unknown';
}

function normalizePart(part: Part): ContentPart | undefined {
  const content = part.content;
  switch (content?.$case) {
    case 'text':
      return { type: 'text', text: String(content.value ?? '') };
    case 'data':
      return { type: 'data', data: content.value };
    case 'url':
      return {
        type: 'file',
        url: String(content.value ?? ''),
        filename: part.filename || undefined,
        mediaType: part.mediaType || undefined,
      };
    case 'raw':
      // Raw bytes are not rendered; keep a placeholder so nothing is silently lost.
      return {
        type: 'file',
        filename: part.filename || undefined,
        mediaType: part.mediaType || undefined,
      };
    default:
      return undefined;
  }
}

export function normalizeParts(parts: readonly Part[] | undefined): ContentPart[] {
  const out: ContentPart[] = [];
  for (const part of parts ?? []) {
    const normalized = part ? normalizePart(part) : undefined;
    if (normalized) out.push(normalized);
  }
  return out;
}

export function textOf(parts: readonly ContentPart[]): string {
  let text = '';
  for (const part of parts) {
    if (part.type === 'text') text += part.text;
  }
  return text;
}

function contentOf(message: Message | undefined): AgentContent | undefined {
  if (!message) return undefined;
  const parts = normalizeParts(message.parts);
  return { parts, text: textOf(parts) };
}

function artifactChunk(
  artifact: Artifact,
  append: boolean,
  lastChunk: boolean,
): ArtifactChunk {
  const parts = normalizeParts(artifact.parts);
  return {
    artifactId: String(artifact.artifactId ?? ''),
    name: String(artifact.name ?? ''),
    append,
    lastChunk,
    parts,
    text: textOf(parts),
    metadata: artifact.metadata ?? undefined,
  };
}

function taskEvent(task: Task): A2AEvent {
  return {
    kind: 'task',
    taskId: task.id,
    contextId: task.contextId,
    state: stateName(task.status?.state),
    message: contentOf(task.status?.message),
    // A task snapshot carries whole artifacts: each one replaces what we had.
    artifacts: (task.artifacts ?? []).map(a => artifactChunk(a, false, true)),
  };
}

/**
 * Turns one SDK stream item into the plugin's event model. Returns undefined
 * for an item without a payload (nothing to apply), never throws on odd input.
 */
export function normalizeStreamResponse(
  response: StreamResponse | undefined,
): A2AEvent | undefined {
  const payload = response?.payload;
  switch (payload?.$case) {
    case 'task':
      return taskEvent(payload.value);
    case 'message': {
      const message = payload.value;
      return {
        kind: 'message',
        taskId: message.taskId || undefined,
        contextId: message.contextId,
        content: contentOf(message) ?? { parts: [], text: '' },
      };
    }
    case 'statusUpdate': {
      const update = payload.value;
      return {
        kind: 'status',
        taskId: update.taskId,
        contextId: update.contextId,
        state: stateName(update.status?.state),
        message: contentOf(update.status?.message),
      };
    }
    case 'artifactUpdate': {
      const update = payload.value;
      if (!update.artifact) return undefined;
      return {
        kind: 'artifact',
        taskId: update.taskId,
        contextId: update.contextId,
        artifact: artifactChunk(
          update.artifact,
          Boolean(update.append),
          Boolean(update.lastChunk),
        ),
      };
    }
    default:
      return undefined;
  }
}

/** Task snapshot from `tasks/get`, in the same shape as a streamed task event. */
export function normalizeTask(task: Task): Extract<A2AEvent, { kind: 'task' }> {
  return taskEvent(task) as Extract<A2AEvent, { kind: 'task' }>;
}

export function summarizeCard(
  card: AgentCard,
  protocolVersion: string,
): AgentCardSummary {
  return {
    name: card.name || 'Agent',
    description: card.description ?? '',
    version: card.version ?? '',
    protocolVersion,
    streaming: Boolean(card.capabilities?.streaming),
    documentationUrl: card.documentationUrl || undefined,
    providerName: card.provider?.organization || undefined,
    skills: (card.skills ?? []).map(skill => ({
      id: skill.id,
      name: skill.name,
      description: skill.description ?? '',
      examples: [...(skill.examples ?? [])],
      tags: [...(skill.tags ?? [])],
    })),
  };
}
