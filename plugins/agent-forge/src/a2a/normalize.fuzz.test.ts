/**
 * @jest-environment node
 */
/*
 * Property test of the event normaliser: random SDK stream items and tasks go
 * through normalizeStreamResponse / normalizeTask. No throw may escape, and
 * whatever comes out is a well-formed A2AEvent (kind, state name, string ids,
 * valid parts, text = the text parts joined, boolean flags).
 *
 * Three kinds of input:
 * - well-typed items with odd values: what the SDK's v1.0 decoder produces
 *   (every field coerced to its type), with unknown states and cases, empty
 *   and missing fields, null parts;
 * - v0.3 pass-through values: the SDK's v0.3 compat translator
 *   (toCoreStreamResponse / toCoreTask) copies ids, names, texts, URIs, file
 *   names and flags from the agent's JSON unchecked, so any JSON value can
 *   sit there (including objects such as {"toString":1,"valueOf":1});
 * - structural garbage: any value anywhere (which the SDK itself rejects
 *   today, but normalize.ts promises never to throw on odd input).
 *
 * The last two found product bugs (below), fixed in normalize.ts: it reads
 * each field as the type it should have and never calls String() on an
 * object.
 *
 * Seeded: FUZZ_SEED=<n> reproduces a run (FUZZ_SEED=random explores),
 * FUZZ_RUNS=<n> sets the number of cases. A failure names the seed, the
 * case number and the input.
 */
import type { StreamResponse, Task } from '@a2a-js/sdk';
import { TaskState } from '@a2a-js/sdk';
import { normalizeStreamResponse, normalizeTask } from './normalize';
import type { A2AEvent, AgentContent, ArtifactChunk, ContentPart, TaskStateName } from './types';
import { Gen, prng, seedFromEnv } from '../__testUtils__/seededRandom';

// ---- seeded randomness -------------------------------------------------------

const SEED = seedFromEnv(20240611);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);

class EventGen extends Gen {
  string(): string {
    return this.pick([
      '',
      ' ',
      'task-1',
      'ctx-1',
      'streaming_result',
      'final_result',
      '💥\u0000\u202e',
      '<img src=x onerror=alert(1)>',
      'x'.repeat(this.int(40)),
      String(this.random()),
      '__proto__',
      'constructor',
    ]);
  }
  /** Any JSON value (and undefined), nested a little. */
  json(depth = 0): unknown {
    const kind = this.int(depth > 2 ? 6 : 8);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return undefined;
      case 2:
        return this.pick([0, -1, 1.5, 42, Number.MAX_SAFE_INTEGER, NaN]);
      case 3:
        return this.string();
      case 4:
        return this.chance(0.5);
      case 5:
        return this.pick([{}, [], '']);
      case 6:
        return Array.from({ length: this.int(4) }, () => this.json(depth + 1));
      default: {
        const out: Record<string, unknown> = {};
        for (let i = this.int(4); i > 0; i--) out[this.pick(['$case', 'value', 'text', 'parts', 'state', 'x', this.string()])] = this.json(depth + 1);
        return out;
      }
    }
  }
}

// ---- well-typed items with odd values ---------------------------------------

const STATES = [
  TaskState.TASK_STATE_UNSPECIFIED,
  TaskState.TASK_STATE_SUBMITTED,
  TaskState.TASK_STATE_WORKING,
  TaskState.TASK_STATE_COMPLETED,
  TaskState.TASK_STATE_FAILED,
  TaskState.TASK_STATE_CANCELED,
  TaskState.TASK_STATE_INPUT_REQUIRED,
  TaskState.TASK_STATE_REJECTED,
  TaskState.TASK_STATE_AUTH_REQUIRED,
  TaskState.UNRECOGNIZED,
  99 as TaskState,
  -7 as TaskState,
];

function typedPart(g: EventGen): any {
  const content = g.pick([
    () => ({ $case: 'text', value: g.string() }),
    () => ({ $case: 'data', value: g.json() }),
    // eslint-disable-next-line no-script-url -- data for the normaliser, never followed
    () => ({ $case: 'url', value: g.pick(['https://example.com/a.png', '', 'javascript:alert(1)']) }),
    () => ({ $case: 'raw', value: new Uint8Array([1, 2, 3]) }),
    () => ({ $case: g.pick(['file', 'bytes', 'unknown']), value: g.json() }),
    () => undefined,
  ])();
  if (g.chance(0.05)) return g.pick([null, undefined]);
  return { content, metadata: g.chance(0.2) ? { x: 1 } : undefined, filename: g.pick(['', 'a.txt']), mediaType: g.pick(['', 'text/plain']) };
}

function typedParts(g: EventGen): any[] {
  return Array.from({ length: g.int(5) }, () => typedPart(g));
}

function typedMessage(g: EventGen): any {
  return {
    messageId: g.string(),
    contextId: g.string(),
    taskId: g.string(),
    role: g.pick([0, 1, 2, 99]),
    parts: typedParts(g),
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

function typedStatus(g: EventGen): any {
  if (g.chance(0.1)) return undefined;
  return { state: g.pick(STATES), message: g.chance(0.6) ? typedMessage(g) : undefined, timestamp: undefined };
}

function typedArtifact(g: EventGen): any {
  return {
    artifactId: g.string(),
    name: g.pick(['streaming_result', 'final_result', 'execution_plan_update', 'tool_notification_start', 'weird', '']),
    description: '',
    parts: typedParts(g),
    metadata: g.pick([undefined, { chunkIndex: g.int(5) }, { chunkIndex: 'x' }]),
    extensions: [],
  };
}

function typedTask(g: EventGen): Task {
  return {
    id: g.string(),
    contextId: g.string(),
    status: typedStatus(g),
    artifacts: Array.from({ length: g.int(3) }, () => typedArtifact(g)),
    history: [],
    metadata: undefined,
  };
}

function typedResponse(g: EventGen): StreamResponse {
  const payload = g.pick([
    () => ({ $case: 'task', value: typedTask(g) }),
    () => ({ $case: 'message', value: typedMessage(g) }),
    () => ({ $case: 'statusUpdate', value: { taskId: g.string(), contextId: g.string(), status: typedStatus(g), metadata: undefined } }),
    () => ({
      $case: 'artifactUpdate',
      value: {
        taskId: g.string(),
        contextId: g.string(),
        artifact: g.chance(0.9) ? typedArtifact(g) : undefined,
        append: g.chance(0.5),
        lastChunk: g.chance(0.5),
        metadata: undefined,
      },
    }),
    () => ({ $case: g.pick(['pushNotification', 'unknown', '']), value: g.json() }),
    () => undefined,
  ])();
  return { payload } as StreamResponse;
}

// ---- v0.3 pass-through: fields the compat translator copies unchecked -------

/** A value as JSON.parse would give it (own "__proto__" keys, no prototypes). */
function jsonValue(g: EventGen): unknown {
  if (g.chance(0.15)) {
    return JSON.parse(g.pick(['{"toString":1,"valueOf":1}', '{"toString":"x"}', '{"__proto__":{"x":1}}', '{"constructor":null}']));
  }
  const value = g.json();
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value) ?? 'null');
}

/** Replaces, each with some probability, the fields v0.3 passes through. */
function passThrough(g: EventGen, response: StreamResponse): StreamResponse {
  const maybe = (value: unknown) => (g.chance(0.3) ? jsonValue(g) : value);
  const part = (p: any) =>
    p?.content && ['text', 'url', 'data'].includes(p.content.$case)
      ? { ...p, content: { ...p.content, value: maybe(p.content.value) }, filename: maybe(p.filename), mediaType: maybe(p.mediaType) }
      : p;
  const message = (m: any) => m && { ...m, contextId: maybe(m.contextId), taskId: maybe(m.taskId), parts: m.parts.map(part) };
  const status = (st: any) => st && { ...st, message: message(st.message), timestamp: maybe(st.timestamp) };
  const artifact = (a: any) =>
    a && { ...a, artifactId: maybe(a.artifactId), name: maybe(a.name), parts: a.parts.map(part), metadata: maybe(a.metadata) };
  const payload: any = response.payload;
  if (!payload?.value || typeof payload.value !== 'object') return response;
  const v = payload.value;
  switch (payload.$case) {
    case 'task':
      return { payload: { ...payload, value: { ...v, id: maybe(v.id), contextId: maybe(v.contextId), status: status(v.status), artifacts: v.artifacts.map(artifact) } } } as StreamResponse;
    case 'message':
      return { payload: { ...payload, value: message(v) } } as StreamResponse;
    case 'statusUpdate':
      return { payload: { ...payload, value: { ...v, taskId: maybe(v.taskId), contextId: maybe(v.contextId), status: status(v.status) } } } as StreamResponse;
    case 'artifactUpdate':
      return {
        payload: { ...payload, value: { ...v, taskId: maybe(v.taskId), contextId: maybe(v.contextId), artifact: artifact(v.artifact), append: maybe(v.append), lastChunk: maybe(v.lastChunk) } },
      } as StreamResponse;
    default:
      return response;
  }
}

// ---- garbage: a typed item with random subtrees replaced by any JSON --------

function corrupt(g: EventGen, value: unknown, depth = 0): unknown {
  if (g.chance(depth === 0 ? 0.05 : 0.12)) return g.json();
  if (Array.isArray(value)) return value.map(v => corrupt(g, v, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = corrupt(g, v, depth + 1);
    return out;
  }
  return value;
}

// ---- the properties ---------------------------------------------------------

const STATE_NAMES: readonly TaskStateName[] = [
  'submitted', 'working', 'input-required', 'auth-required', 'completed', 'failed', 'canceled', 'rejected', 'unknown',
];

function checkParts(parts: ContentPart[], where: string): string[] {
  if (!Array.isArray(parts)) return [`${where}.parts is not an array`];
  const problems: string[] = [];
  parts.forEach((part, i) => {
    if (part.type === 'text') {
      if (typeof part.text !== 'string') problems.push(`${where}.parts[${i}].text is ${typeof part.text}`);
    } else if (part.type === 'file') {
      for (const key of ['url', 'filename', 'mediaType'] as const) {
        if (part[key] !== undefined && typeof part[key] !== 'string') problems.push(`${where}.parts[${i}].${key} is ${typeof part[key]}`);
      }
    } else if (part.type !== 'data') {
      problems.push(`${where}.parts[${i}] has type ${(part as { type: unknown }).type}`);
    }
  });
  return problems;
}

function textOfParts(parts: ContentPart[]): string {
  return parts.map(p => (p.type === 'text' ? p.text : '')).join('');
}

function checkContent(content: AgentContent | undefined, where: string, optional: boolean): string[] {
  if (content === undefined) return optional ? [] : [`${where} is missing`];
  const problems = checkParts(content.parts, where);
  if (problems.length === 0 && content.text !== textOfParts(content.parts)) problems.push(`${where}.text is not its text parts joined`);
  return problems;
}

function checkArtifact(artifact: ArtifactChunk, where: string): string[] {
  const problems = checkParts(artifact.parts, where);
  for (const key of ['artifactId', 'name', 'text'] as const) {
    if (typeof artifact[key] !== 'string') problems.push(`${where}.${key} is ${typeof artifact[key]}`);
  }
  for (const key of ['append', 'lastChunk'] as const) {
    if (typeof artifact[key] !== 'boolean') problems.push(`${where}.${key} is ${typeof artifact[key]}`);
  }
  if (problems.length === 0 && artifact.text !== textOfParts(artifact.parts)) problems.push(`${where}.text is not its text parts joined`);
  return problems;
}

/** What is wrong with a normalised event (empty when it is well-formed). */
function checkEvent(event: A2AEvent | undefined): string[] {
  if (event === undefined) return [];
  const problems: string[] = [];
  const ids = (names: Array<'taskId' | 'contextId'>, optional: boolean) => {
    for (const key of names) {
      const value = (event as Record<string, unknown>)[key];
      if (!(typeof value === 'string' || (optional && value === undefined))) problems.push(`${key} is ${value === null ? 'null' : typeof value}`);
    }
  };
  switch (event.kind) {
    case 'task':
      ids(['taskId', 'contextId'], false);
      if (!STATE_NAMES.includes(event.state)) problems.push(`state ${String(event.state)}`);
      problems.push(...checkContent(event.message, 'message', true));
      if (!Array.isArray(event.artifacts)) problems.push('artifacts is not an array');
      else event.artifacts.forEach((a, i) => problems.push(...checkArtifact(a, `artifacts[${i}]`)));
      break;
    case 'status':
      ids(['taskId', 'contextId'], false);
      if (!STATE_NAMES.includes(event.state)) problems.push(`state ${String(event.state)}`);
      problems.push(...checkContent(event.message, 'message', true));
      break;
    case 'artifact':
      ids(['taskId', 'contextId'], false);
      problems.push(...checkArtifact(event.artifact, 'artifact'));
      break;
    case 'message':
      ids(['contextId'], false);
      ids(['taskId'], true);
      problems.push(...checkContent(event.content, 'content', false));
      break;
    default:
      problems.push(`kind ${String((event as { kind: unknown }).kind)}`);
  }
  return problems;
}

const KIND_OF_CASE: Record<string, A2AEvent['kind']> = {
  task: 'task',
  message: 'message',
  statusUpdate: 'status',
  artifactUpdate: 'artifact',
};

function show(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v) => {
      if (v === undefined) return '<undefined>';
      if (v instanceof Uint8Array) return `<bytes ${v.length}>`;
      return v;
    },
    1,
  );
}

/**
 * Runs `check` on RUNS generated cases; throws with the seed and the first
 * bad case, otherwise returns the number of cases checked.
 */
function property<T>(name: string, stream: number, generate: (g: EventGen) => T, check: (input: T) => string[]): number {
  // Each property draws from its own stream of the one seed.
  const g = new EventGen(prng(SEED * 31 + stream));
  for (let i = 0; i < RUNS; i++) {
    const input = generate(g);
    let problems: string[];
    try {
      problems = check(input);
    } catch (error) {
      problems = [`threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`];
    }
    if (problems.length > 0) {
      throw new Error(
        `${name}: case ${i} of seed ${SEED} (reproduce with FUZZ_SEED=${SEED}):\n  ${problems.join('\n  ')}\ninput: ${show(input)}`,
      );
    }
  }
  return RUNS;
}

describe(`normaliser fuzz (seed ${SEED}, ${RUNS} cases each)`, () => {
  it('well-typed stream items with odd values: no throw, well-formed events of the right kind', () => {
    const checked = property('typed items', 1, typedResponse, response => {
      const event = normalizeStreamResponse(response);
      const problems = checkEvent(event);
      const $case = (response.payload as { $case?: string } | undefined)?.$case;
      const expected = $case ? KIND_OF_CASE[$case] : undefined;
      const artifactMissing = $case === 'artifactUpdate' && !(response.payload as { value: { artifact?: unknown } }).value.artifact;
      if (expected && !artifactMissing && event?.kind !== expected) problems.push(`${$case} became ${event?.kind}`);
      if ((!expected || artifactMissing) && event !== undefined) problems.push(`${String($case)} should give no event`);
      return problems;
    });
    expect(checked).toBe(RUNS);
  });

  it('well-typed tasks from tasks/get: no throw, a well-formed task event', () => {
    const checked = property('typed tasks', 2, typedTask, task => {
      const event = normalizeTask(task);
      return event.kind === 'task' ? checkEvent(event) : [`kind ${event.kind}`];
    });
    expect(checked).toBe(RUNS);
  });

  // Was a product bug (reachable with any A2A v0.3 agent): ids passed through
  // unconverted (a numeric "taskId" stayed a number), and String() on a JSON
  // object such as {"toString":1,"valueOf":1} in a text, URL, artifactId or
  // name threw a TypeError out of normalizeStreamResponse.
  it('v0.3 pass-through values (any JSON in the fields the compat layer copies): no throw, well-formed events', () => {
    const checked = property('v0.3 pass-through items', 3, g => passThrough(g, typedResponse(g)), response =>
      checkEvent(normalizeStreamResponse(response)),
    );
    expect(checked).toBe(RUNS);
  });

  // Was a product gap: normalize.ts promises never to throw on odd input, but
  // a null artifact in task.artifacts, a non-array parts or artifacts, or a
  // missing payload value threw a TypeError (the SDK rejects such JSON
  // before it gets here today).
  it('structural garbage (any value anywhere): no throw escapes', () => {
    const items = property('garbage items', 4, g => corrupt(g, typedResponse(g)) as StreamResponse, response => {
      normalizeStreamResponse(response);
      return [];
    });
    const tasks = property('garbage tasks', 5, g => corrupt(g, typedTask(g)) as Task, task => {
      normalizeTask(task);
      return [];
    });
    expect(items + tasks).toBe(2 * RUNS);
  });
});
