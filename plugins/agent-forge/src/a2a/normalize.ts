import type {
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
  AgentSkillSummary,
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
  // Not a number: never used as a key (an object's toString could throw).
  return (typeof state === 'number' && Object.prototype.hasOwnProperty.call(STATE_NAMES, state) && STATE_NAMES[state]) || 'unknown';
}

/*
 * The SDK's v0.3 compatibility layer copies a legacy agent's JSON into these
 * objects without checking types, so any field may hold any JSON value (a
 * number for an id, an object whose toString is a number and throws). These
 * read a field as what it should be, and never call String() on an object.
 */
function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return '';
}

function asOptionalString(value: unknown): string | undefined {
  return asString(value) || undefined;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null;
}

function asArray<T>(value: unknown): readonly T[] {
  return Array.isArray(value) ? value : [];
}

function normalizePart(part: Part): ContentPart | undefined {
  const content: unknown = part.content;
  if (!isObject(content)) return undefined;
  switch (content.$case) {
    case 'text':
      return { type: 'text', text: asString(content.value) };
    case 'data':
      return { type: 'data', data: content.value };
    case 'url':
      return {
        type: 'file',
        url: asString(content.value),
        filename: asOptionalString(part.filename),
        mediaType: asOptionalString(part.mediaType),
      };
    case 'raw':
      // Raw bytes are not rendered; keep a placeholder so nothing is silently lost.
      return {
        type: 'file',
        filename: asOptionalString(part.filename),
        mediaType: asOptionalString(part.mediaType),
      };
    default:
      return undefined;
  }
}

export function normalizeParts(parts: readonly Part[] | undefined): ContentPart[] {
  const out: ContentPart[] = [];
  for (const part of asArray<Part>(parts)) {
    const normalized = isObject(part) ? normalizePart(part) : undefined;
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
  if (!isObject(message)) return undefined;
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
    artifactId: asString(artifact.artifactId),
    name: asString(artifact.name),
    append,
    lastChunk,
    parts,
    text: textOf(parts),
    metadata: isObject(artifact.metadata) ? artifact.metadata : undefined,
  };
}

function taskEvent(task: Task): Extract<A2AEvent, { kind: 'task' }> {
  const status: unknown = task.status;
  return {
    kind: 'task',
    taskId: asString(task.id),
    contextId: asString(task.contextId),
    state: stateName(isObject(status) ? status.state : undefined),
    message: contentOf(isObject(status) ? status.message : undefined),
    // A task snapshot carries whole artifacts: each one replaces what we had.
    artifacts: asArray<Artifact>(task.artifacts)
      .filter(isObject)
      .map(a => artifactChunk(a, false, true)),
  };
}

/**
 * Turns one SDK stream item into the plugin's event model. Returns undefined
 * for an item without a payload (nothing to apply), never throws on odd input.
 */
export function normalizeStreamResponse(
  response: StreamResponse | undefined,
): A2AEvent | undefined {
  const payload: unknown = isObject(response) ? response.payload : undefined;
  // Every payload is an object with fields; anything else is nothing to apply.
  if (!isObject(payload) || !isObject(payload.value)) return undefined;
  const value = payload.value;
  switch (payload.$case) {
    case 'task':
      return taskEvent(value as Task);
    case 'message':
      return {
        kind: 'message',
        taskId: asOptionalString(value.taskId),
        contextId: asString(value.contextId),
        content: contentOf(value as Message) ?? { parts: [], text: '' },
      };
    case 'statusUpdate': {
      const status: unknown = value.status;
      return {
        kind: 'status',
        taskId: asString(value.taskId),
        contextId: asString(value.contextId),
        state: stateName(isObject(status) ? status.state : undefined),
        message: contentOf(isObject(status) ? status.message : undefined),
      };
    }
    case 'artifactUpdate':
      if (!isObject(value.artifact)) return undefined;
      return {
        kind: 'artifact',
        taskId: asString(value.taskId),
        contextId: asString(value.contextId),
        artifact: artifactChunk(value.artifact as Artifact, Boolean(value.append), Boolean(value.lastChunk)),
      };
    default:
      return undefined;
  }
}

/** Task snapshot from `tasks/get`, in the same shape as a streamed task event. */
export function normalizeTask(task: Task): Extract<A2AEvent, { kind: 'task' }> {
  return taskEvent(isObject(task) ? task : ({} as Task));
}

/** A string field of a card: anything else (an object, a number) is dropped. */
function cardString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function cardStrings(value: unknown): string[] {
  return asArray<unknown>(value).filter((item): item is string => typeof item === 'string');
}

function cardSkill(skill: Record<string, any>): AgentSkillSummary {
  const id = cardString(skill.id);
  return {
    id,
    name: cardString(skill.name) || id,
    description: cardString(skill.description),
    examples: cardStrings(skill.examples),
    tags: cardStrings(skill.tags),
  };
}

/**
 * What the UI shows of an agent card (v1.0 or v0.3 JSON, as the agent sent
 * it). Total: the card is the agent's, so any field may hold any JSON value;
 * a field of the wrong type is dropped or defaulted, never thrown on, and
 * nothing else is removed.
 */
export function summarizeCard(card: unknown, protocolVersion: string): AgentCardSummary {
  const fields: Record<string, any> = isObject(card) ? card : {};
  const capabilities: unknown = fields.capabilities;
  const provider: unknown = fields.provider;
  return {
    name: cardString(fields.name) || 'Agent',
    description: cardString(fields.description),
    version: cardString(fields.version),
    protocolVersion,
    streaming: isObject(capabilities) && capabilities.streaming === true,
    documentationUrl: cardString(fields.documentationUrl) || undefined,
    providerName: (isObject(provider) && cardString(provider.organization)) || undefined,
    skills: asArray<unknown>(fields.skills).filter(isObject).map(cardSkill),
  };
}
