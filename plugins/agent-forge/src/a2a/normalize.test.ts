import type { AgentCard, Artifact, Message, Part, StreamResponse, Task } from '@a2a-js/sdk';
import { Role, TaskState } from '@a2a-js/sdk';
import { normalizeStreamResponse, normalizeTask, stateName, summarizeCard } from './normalize';

function part(content: Part['content'], extra: Partial<Part> = {}): Part {
  return { content, metadata: undefined, filename: '', mediaType: '', ...extra };
}

const text = (value: string) => part({ $case: 'text', value });

// The SDK types raw content as a Node Buffer; only the bytes matter here.
const RAW_BYTES = new TextEncoder().encode('secret bytes') as unknown as Buffer;

function message(parts: Part[], extra: Partial<Message> = {}): Message {
  return {
    messageId: 'msg-1',
    contextId: 'ctx-1',
    taskId: 'task-1',
    role: Role.ROLE_AGENT,
    parts,
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
    ...extra,
  };
}

function sdkArtifact(name: string, parts: Part[], extra: Partial<Artifact> = {}): Artifact {
  return { artifactId: `${name}-1`, name, description: '', parts, metadata: undefined, extensions: [], ...extra };
}

function statusUpdate(state: TaskState, statusMessage?: Message): StreamResponse {
  return {
    payload: {
      $case: 'statusUpdate',
      value: {
        taskId: 'task-1',
        contextId: 'ctx-1',
        status: { state, message: statusMessage, timestamp: undefined },
        metadata: undefined,
      },
    },
  };
}

describe('stateName', () => {
  it.each([
    [TaskState.TASK_STATE_SUBMITTED, 'submitted'],
    [TaskState.TASK_STATE_WORKING, 'working'],
    [TaskState.TASK_STATE_INPUT_REQUIRED, 'input-required'],
    [TaskState.TASK_STATE_AUTH_REQUIRED, 'auth-required'],
    [TaskState.TASK_STATE_COMPLETED, 'completed'],
    [TaskState.TASK_STATE_FAILED, 'failed'],
    [TaskState.TASK_STATE_CANCELED, 'canceled'],
    [TaskState.TASK_STATE_REJECTED, 'rejected'],
    [TaskState.TASK_STATE_UNSPECIFIED, 'unknown'],
    [TaskState.UNRECOGNIZED, 'unknown'],
    [42 as TaskState, 'unknown'],
    [undefined, 'unknown'],
  ])('maps %s to %s', (state, name) => {
    expect(stateName(state)).toBe(name);
  });
});

describe('normalizeStreamResponse', () => {
  it('turns a status update into a status event with the message text and parts', () => {
    const response = statusUpdate(
      TaskState.TASK_STATE_WORKING,
      message([text('Looking '), part({ $case: 'data', value: { step: 1 } }), text('into it')]),
    );

    expect(normalizeStreamResponse(response)).toEqual({
      kind: 'status',
      taskId: 'task-1',
      contextId: 'ctx-1',
      state: 'working',
      message: {
        text: 'Looking into it',
        parts: [
          { type: 'text', text: 'Looking ' },
          { type: 'data', data: { step: 1 } },
          { type: 'text', text: 'into it' },
        ],
      },
    });
  });

  it('maps an UNRECOGNIZED state and a missing status to unknown', () => {
    expect(normalizeStreamResponse(statusUpdate(TaskState.UNRECOGNIZED))).toMatchObject({ state: 'unknown' });

    const withoutStatus: StreamResponse = {
      payload: { $case: 'statusUpdate', value: { taskId: 't', contextId: 'c', status: undefined, metadata: undefined } },
    };
    expect(normalizeStreamResponse(withoutStatus)).toEqual({
      kind: 'status',
      taskId: 't',
      contextId: 'c',
      state: 'unknown',
      message: undefined,
    });
  });

  it('normalizes text, data, url and raw parts and drops parts without content', () => {
    const response = statusUpdate(
      TaskState.TASK_STATE_COMPLETED,
      message([
        text('See the files'),
        part({ $case: 'data', value: [1, 2] }),
        part({ $case: 'url', value: 'https://example.com/report.pdf' }, { filename: 'report.pdf', mediaType: 'application/pdf' }),
        part({ $case: 'url', value: 'https://example.com/blob' }),
        part({ $case: 'raw', value: RAW_BYTES }, { filename: 'dump.bin', mediaType: 'application/octet-stream' }),
        part(undefined),
      ]),
    );

    expect(normalizeStreamResponse(response)).toEqual({
      kind: 'status',
      taskId: 'task-1',
      contextId: 'ctx-1',
      state: 'completed',
      message: {
        text: 'See the files',
        parts: [
          { type: 'text', text: 'See the files' },
          { type: 'data', data: [1, 2] },
          { type: 'file', url: 'https://example.com/report.pdf', filename: 'report.pdf', mediaType: 'application/pdf' },
          { type: 'file', url: 'https://example.com/blob' },
          { type: 'file', filename: 'dump.bin', mediaType: 'application/octet-stream' },
        ],
      },
    });
  });

  it('turns an artifact update into an artifact chunk with append and lastChunk', () => {
    const response: StreamResponse = {
      payload: {
        $case: 'artifactUpdate',
        value: {
          taskId: 'task-1',
          contextId: 'ctx-1',
          artifact: sdkArtifact('streaming_result', [text('chunk')], { metadata: { seq: 3 } }),
          append: true,
          lastChunk: false,
          metadata: undefined,
        },
      },
    };

    expect(normalizeStreamResponse(response)).toEqual({
      kind: 'artifact',
      taskId: 'task-1',
      contextId: 'ctx-1',
      artifact: {
        artifactId: 'streaming_result-1',
        name: 'streaming_result',
        append: true,
        lastChunk: false,
        parts: [{ type: 'text', text: 'chunk' }],
        text: 'chunk',
        metadata: { seq: 3 },
      },
    });
  });

  it('returns undefined for an artifact update without an artifact', () => {
    const response: StreamResponse = {
      payload: {
        $case: 'artifactUpdate',
        value: { taskId: 't', contextId: 'c', artifact: undefined, append: false, lastChunk: false, metadata: undefined },
      },
    };

    expect(normalizeStreamResponse(response)).toBeUndefined();
  });

  it('turns a task into a task event whose artifacts replace what came before', () => {
    const task: Task = {
      id: 'task-9',
      contextId: 'ctx-9',
      status: { state: TaskState.TASK_STATE_INPUT_REQUIRED, message: message([text('Which one?')]), timestamp: undefined },
      artifacts: [sdkArtifact('final_result', [text('Answer')]), sdkArtifact('report', [])],
      history: [],
      metadata: undefined,
    };

    const expected = {
      kind: 'task',
      taskId: 'task-9',
      contextId: 'ctx-9',
      state: 'input-required',
      message: { text: 'Which one?', parts: [{ type: 'text', text: 'Which one?' }] },
      artifacts: [
        { artifactId: 'final_result-1', name: 'final_result', append: false, lastChunk: true, parts: [{ type: 'text', text: 'Answer' }], text: 'Answer' },
        { artifactId: 'report-1', name: 'report', append: false, lastChunk: true, parts: [], text: '' },
      ],
    };
    expect(normalizeStreamResponse({ payload: { $case: 'task', value: task } })).toEqual(expected);
    expect(normalizeTask(task)).toEqual(expected);
  });

  it('turns a message into a message event, an empty taskId becoming undefined', () => {
    const response: StreamResponse = {
      payload: { $case: 'message', value: message([text('Hello!')], { taskId: '', contextId: 'ctx-3' }) },
    };

    expect(normalizeStreamResponse(response)).toEqual({
      kind: 'message',
      taskId: undefined,
      contextId: 'ctx-3',
      content: { text: 'Hello!', parts: [{ type: 'text', text: 'Hello!' }] },
    });
  });

  it('returns undefined for a response without a payload', () => {
    expect(normalizeStreamResponse(undefined)).toBeUndefined();
    expect(normalizeStreamResponse({})).toBeUndefined();
    expect(normalizeStreamResponse({ payload: undefined })).toBeUndefined();
  });
});

describe('summarizeCard', () => {
  const card: AgentCard = {
    name: 'Platform Engineer',
    description: 'Helps with deployments',
    supportedInterfaces: [],
    provider: { url: 'https://example.com', organization: 'Example Org' },
    version: '2.1.0',
    documentationUrl: 'https://example.com/docs',
    capabilities: { streaming: true, extensions: [] },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ['text'],
    defaultOutputModes: ['text'],
    skills: [
      {
        id: 'deploy',
        name: 'Deploy',
        description: 'Deploys a service',
        tags: ['k8s'],
        examples: ['Deploy api to prod'],
        inputModes: [],
        outputModes: [],
        securityRequirements: [],
      },
    ],
    signatures: [],
  };

  it('keeps what the UI shows of a card', () => {
    expect(summarizeCard(card, '1.0')).toEqual({
      name: 'Platform Engineer',
      description: 'Helps with deployments',
      version: '2.1.0',
      protocolVersion: '1.0',
      streaming: true,
      documentationUrl: 'https://example.com/docs',
      providerName: 'Example Org',
      skills: [
        { id: 'deploy', name: 'Deploy', description: 'Deploys a service', examples: ['Deploy api to prod'], tags: ['k8s'] },
      ],
    });
  });

  it('fills defaults for a sparse card', () => {
    const sparse = {
      ...card,
      name: '',
      provider: undefined,
      documentationUrl: '',
      capabilities: undefined,
      skills: [{ ...card.skills[0], description: undefined, examples: undefined, tags: undefined }],
    } as unknown as AgentCard;

    expect(summarizeCard(sparse, '0.3')).toEqual({
      name: 'Agent',
      description: 'Helps with deployments',
      version: '2.1.0',
      protocolVersion: '0.3',
      streaming: false,
      documentationUrl: undefined,
      providerName: undefined,
      skills: [{ id: 'deploy', name: 'Deploy', description: '', examples: [], tags: [] }],
    });
  });
});
