/*
 * End-to-end tests over real HTTP with the real @a2a-js/sdk client, for both
 * protocol versions the agent speaks. Synchronisation is always on events
 * (e.g. "cancel once the 3rd chunk arrived"), never on sleeps; the script
 * delays used below only make sure there is something left to cancel.
 */
import {
  isJsonRpcError,
  InvalidAgentResponseError,
  UnsupportedOperationError,
  type JsonRpcA2AError,
} from '@a2a-js/sdk/errors';
import type { Client } from '@a2a-js/sdk/client';
import type {
  ExecutionPlan,
  ExecutionPlanStatusUpdate,
  InputForm,
  ToolNotification,
} from './shapes';
import { startDemoAgent, type DemoAgent } from './server';
import {
  artifactUpdates,
  collect,
  createClient,
  dataPart,
  finalResultText,
  isChunk,
  lastState,
  partsData,
  partsText,
  request,
  statusUpdates,
  TaskState,
  type Flavor,
} from './__testUtils__/clients';

/** Runs fn with console.error silenced: the SDK logs expected request errors. */
async function withSdkErrorsSilenced<T>(fn: () => Promise<T>): Promise<T> {
  const consoleError = jest
    .spyOn(console, 'error')
    .mockImplementation(() => {});
  try {
    return await fn();
  } finally {
    consoleError.mockRestore();
  }
}

describe.each<[Flavor]>([['v1.0'], ['v0.3']])(
  'demo agent over A2A %s',
  flavor => {
    let agent: DemoAgent;
    let client: Client;

    beforeAll(async () => {
      agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 } });
      client = await createClient(agent.url, flavor);
    });

    afterAll(async () => {
      await agent.close();
    });

    it(`uses the ${flavor} transport`, () => {
      expect(client.protocolVersion).toBe(flavor === 'v1.0' ? '1.0' : '0.3');
    });

    it('streams chunks in order that reassemble to final_result, then completes', async () => {
      const events = await collect(
        client.sendMessageStream(request('/chunks 12 hello world')),
      );

      expect(events[0].payload?.$case).toBe('task');
      expect(statusUpdates(events).map(s => s.status?.state)).toEqual([
        TaskState.TASK_STATE_WORKING,
        TaskState.TASK_STATE_COMPLETED,
      ]);
      const chunks = artifactUpdates(events).filter(isChunk);
      expect(chunks).toHaveLength(12);
      expect(chunks.map(c => c.append)).toEqual([
        false,
        ...Array(11).fill(true),
      ]);
      expect(chunks.map(c => c.lastChunk)).toEqual([
        ...Array(11).fill(false),
        true,
      ]);
      expect(chunks.map(c => c.artifact?.metadata?.chunkIndex)).toEqual([
        ...Array(12).keys(),
      ]);
      expect(new Set(chunks.map(c => c.artifact?.artifactId)).size).toBe(1);

      const streamed = chunks.map(c => partsText(c.artifact?.parts)).join('');
      const final = finalResultText(artifactUpdates(events));
      expect(streamed).toBe(final);
      expect(final).toContain('turn 1 of this conversation');
      expect(final).toMatch(/^## /);
      expect(final).toContain('| Item | Value |');
      expect(final).toContain('```ts');

      // tasks/get sees the finished task with its artifacts.
      const taskId =
        events[0].payload?.$case === 'task' ? events[0].payload.value.id : '';
      const task = await client.getTask({ tenant: '', id: taskId });
      expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
      expect(finalResultText(task.artifacts)).toBe(final);
    });

    it('sends plan and tool artifacts in the documented order', async () => {
      const events = await collect(
        client.sendMessageStream(request('/chunks 3 plan please')),
      );
      const names = artifactUpdates(events)
        .map(u => u.artifact?.name)
        .filter(
          (name, i, all) => name !== 'streaming_result' || all[i - 1] !== name,
        );
      expect(names).toEqual([
        'execution_plan_update',
        'execution_plan_status_update',
        'tool_notification_start',
        'tool_notification_end',
        'execution_plan_status_update',
        'tool_notification_start',
        'tool_notification_end',
        'execution_plan_status_update',
        'streaming_result',
        'execution_plan_status_update',
        'final_result',
      ]);

      const updates = artifactUpdates(events);
      const plan = partsData(updates[0].artifact?.parts)[0] as ExecutionPlan;
      expect(plan.steps.map(s => s.id)).toEqual([
        'understand',
        'search',
        'summarize',
        'write',
      ]);
      expect(partsText(updates[0].artifact?.parts)).toContain(
        'Understand the request',
      );

      const statuses = updates
        .filter(u => u.artifact?.name === 'execution_plan_status_update')
        .map(u => partsData(u.artifact?.parts)[0] as ExecutionPlanStatusUpdate);
      expect(statuses[statuses.length - 1]).toEqual({
        steps: [{ id: 'write', status: 'completed' }],
      });

      const tools = updates
        .filter(u => u.artifact?.name?.startsWith('tool_notification'))
        .map(u => partsData(u.artifact?.parts)[0] as ToolNotification);
      expect(tools.map(t => [t.tool.name, t.tool.status])).toEqual([
        ['search_docs', 'started'],
        ['search_docs', 'completed'],
        ['summarize', 'started'],
        ['summarize', 'completed'],
      ]);
      expect(tools[0].tool.callId).toBe(tools[1].tool.callId);
    });

    it('replies to /echo with a single message', async () => {
      const events = await collect(
        client.sendMessageStream(request('/echo Hello there')),
      );
      expect(events).toHaveLength(1);
      expect(events[0].payload?.$case).toBe('message');
      const message =
        events[0].payload?.$case === 'message'
          ? events[0].payload.value
          : undefined;
      expect(partsText(message?.parts)).toBe('Hello there');
    });

    it('ends /input in input-required with a form, and a reply on the same task completes it', async () => {
      const first = await collect(
        client.sendMessageStream(request('/input deploy it')),
      );
      expect(lastState(first)).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
      const last = statusUpdates(first).pop();
      const form = partsData(last?.status?.message?.parts)[0] as InputForm;
      expect(form.form.fields.map(f => [f.name, f.type])).toEqual([
        ['service', 'text'],
        ['environment', 'select'],
        ['replicas', 'number'],
        ['notify', 'boolean'],
        ['notes', 'text'],
      ]);
      const { taskId, contextId } = last!;

      const values = {
        service: 'checkout',
        environment: 'staging',
        replicas: 3,
        notify: true,
      };
      const second = await collect(
        client.sendMessageStream(
          request([dataPart({ values })], { taskId, contextId }),
        ),
      );
      expect(second[0].payload?.$case).toBe('task');
      expect(
        second[0].payload?.$case === 'task' && second[0].payload.value.id,
      ).toBe(taskId);
      expect(lastState(second)).toBe(TaskState.TASK_STATE_COMPLETED);
      const answer = finalResultText(artifactUpdates(second)) ?? '';
      expect(answer).toContain('| service | checkout |');
      expect(answer).toContain('| replicas | 3 |');
      expect(answer).toContain('| notify | true |');
    });

    it('cancels a task that waits for input', async () => {
      const events = await collect(client.sendMessageStream(request('/input')));
      const taskId = statusUpdates(events).pop()?.taskId ?? '';
      const canceled = await client.cancelTask({
        tenant: '',
        id: taskId,
        metadata: undefined,
      });
      expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
      const late = request('too late', {
        taskId,
        contextId: canceled.contextId,
      });
      await expect(
        withSdkErrorsSilenced(() => collect(client.sendMessageStream(late))),
      ).rejects.toThrow(/terminal state/);
    });

    it('cancels mid-stream: the stream ends CANCELED and cancelTask resolves CANCELED', async () => {
      let taskId = '';
      let seen = 0;
      let cancel: Promise<unknown> | undefined;
      const events = await collect(
        client.sendMessageStream(request('/chunks 500 /delay 10 long answer')),
        event => {
          if (event.payload?.$case === 'task') taskId = event.payload.value.id;
          seen += artifactUpdates([event]).filter(isChunk).length;
          if (seen === 3 && !cancel) {
            cancel = client.cancelTask({
              tenant: '',
              id: taskId,
              metadata: undefined,
            });
          }
        },
      );
      expect(lastState(events)).toBe(TaskState.TASK_STATE_CANCELED);
      expect(artifactUpdates(events).filter(isChunk).length).toBeLessThan(500);
      const canceled = (await cancel) as { status?: { state: TaskState } };
      expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    });

    it('keeps running after the client aborts, and resubscribe delivers the rest', async () => {
      const abort = new AbortController();
      let taskId = '';
      let seen = 0;
      await expect(
        collect(
          client.sendMessageStream(request('/chunks 40 /delay 25 resume me'), {
            signal: abort.signal,
          }),
          event => {
            if (event.payload?.$case === 'task')
              taskId = event.payload.value.id;
            seen += artifactUpdates([event]).filter(isChunk).length;
            if (seen === 5) abort.abort();
          },
        ),
      ).rejects.toThrow(/abort/i);

      const events = await collect(
        client.resubscribeTask({ tenant: '', id: taskId }),
      );
      expect(events[0].payload?.$case).toBe('task');
      const snapshot =
        events[0].payload?.$case === 'task'
          ? events[0].payload.value
          : undefined;
      expect(snapshot?.status?.state).toBe(TaskState.TASK_STATE_WORKING);
      const stored = snapshot?.artifacts.find(
        a => a.name === 'streaming_result',
      );
      const storedCount = stored?.parts.length ?? 0;
      expect(storedCount).toBeGreaterThanOrEqual(5);

      // Chunks persisted just before the subscription can also arrive live:
      // chunkIndex tells them apart.
      const rest = artifactUpdates(events)
        .filter(isChunk)
        .filter(
          c => (c.artifact?.metadata?.chunkIndex as number) >= storedCount,
        );
      expect(rest.map(c => c.artifact?.metadata?.chunkIndex)).toEqual(
        Array.from({ length: 40 - storedCount }, (_, i) => storedCount + i),
      );
      expect(lastState(events)).toBe(TaskState.TASK_STATE_COMPLETED);
      const text =
        partsText(stored?.parts) +
        rest.map(c => partsText(c.artifact?.parts)).join('');
      expect(text).toBe(finalResultText(artifactUpdates(events)));
    });

    it('keeps conversations apart and counts turns within one', async () => {
      const contextOf = (events: Awaited<ReturnType<typeof collect>>) =>
        events[0].payload?.$case === 'task'
          ? events[0].payload.value.contextId
          : '';
      const a1 = await collect(
        client.sendMessageStream(request('/chunks 2 first in A')),
      );
      const contextA = contextOf(a1);
      expect(contextA).not.toBe('');
      const b1 = await collect(
        client.sendMessageStream(request('/chunks 2 first in B')),
      );
      const contextB = contextOf(b1);
      expect(contextB).not.toBe(contextA);
      const a2 = await collect(
        client.sendMessageStream(
          request('/chunks 2 second in A', { contextId: contextA }),
        ),
      );
      expect(contextOf(a2)).toBe(contextA);

      expect(finalResultText(artifactUpdates(b1))).toContain(
        'turn 1 of this conversation',
      );
      const answerA2 = finalResultText(artifactUpdates(a2)) ?? '';
      expect(answerA2).toContain('turn 2 of this conversation');
      expect(answerA2).toContain('> first in A');
      expect(answerA2).not.toContain('first in B');
      expect(agent.conversations.get(contextA)?.turns).toBe(2);
      expect(agent.conversations.get(contextB)?.turns).toBe(1);
    });

    it('ends /fail in FAILED with the reason', async () => {
      const events = await collect(
        client.sendMessageStream(request('/chunks 10 /fail 4 break')),
      );
      expect(lastState(events)).toBe(TaskState.TASK_STATE_FAILED);
      expect(artifactUpdates(events).filter(isChunk)).toHaveLength(4);
      expect(finalResultText(artifactUpdates(events))).toBeUndefined();
      const reason = partsText(
        statusUpdates(events).pop()?.status?.message?.parts,
      );
      expect(reason).toContain(
        'Simulated failure (/fail) after 4 of 10 chunks',
      );
    });

    it('makes the client throw a typed JSON-RPC error on /error', async () => {
      let chunks = 0;
      let taskId = '';
      const error = await withSdkErrorsSilenced(() =>
        collect(
          client.sendMessageStream(request('/chunks 6 /error 2 oops')),
          e => {
            if (e.payload?.$case === 'task') taskId = e.payload.value.id;
            chunks += artifactUpdates([e]).filter(isChunk).length;
          },
        ),
      ).then(
        () => undefined,
        (e: Error) => e,
      );

      expect(chunks).toBe(2);
      expect(error).toBeInstanceOf(Error);
      const cause = error?.cause as JsonRpcA2AError;
      expect(isJsonRpcError(cause)).toBe(true);
      expect(cause).toBeInstanceOf(InvalidAgentResponseError);
      expect(cause.envelopeCode).toBe(-32006);
      expect(cause.message).toContain('Simulated JSON-RPC error');
      const task = await client.getTask({ tenant: '', id: taskId });
      expect(task.status?.state).toBe(TaskState.TASK_STATE_FAILED);
    });

    it('answers blocking message/send with the finished task, or the /error error', async () => {
      const task = await client.sendMessage(request('/chunks 3 blocking'));
      expect('status' in task && task.status?.state).toBe(
        TaskState.TASK_STATE_COMPLETED,
      );
      expect('artifacts' in task && finalResultText(task.artifacts)).toContain(
        'turn 1 of this conversation',
      );
      const error = await withSdkErrorsSilenced(() =>
        client.sendMessage(request('/chunks 3 /error blocking')),
      ).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error).toBeInstanceOf(InvalidAgentResponseError);
    });

    it('accepts a message larger than 100 KB', async () => {
      const big = `/echo ${'x'.repeat(300 * 1024)}`;
      const reply = await client.sendMessage(request(big));
      expect('parts' in reply && partsText(reply.parts).length).toBe(
        300 * 1024,
      );
    });
  },
);

describe('demo agent HTTP surface', () => {
  let agent: DemoAgent;

  beforeAll(async () => {
    agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 } });
  });

  afterAll(async () => {
    await agent.close();
  });

  it('answers CORS preflights with the A2A headers allowed', async () => {
    const response = await fetch(`${agent.url}/a2a/jsonrpc`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:3000',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers':
          'content-type,authorization,a2a-version,a2a-extensions',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(
      'http://localhost:3000',
    );
    const allowed = (
      response.headers.get('access-control-allow-headers') ?? ''
    ).toLowerCase();
    for (const header of [
      'content-type',
      'authorization',
      'a2a-version',
      'a2a-extensions',
    ]) {
      expect(allowed.split(',')).toContain(header);
    }
  });

  it('lets other origins read the Resource Timing of its responses (the protocol, for the stream cap)', async () => {
    const response = await fetch(`${agent.url}/.well-known/agent-card.json`, {
      headers: { Origin: 'http://localhost:3000' },
    });
    expect(response.headers.get('timing-allow-origin')).toBe('*');
  });

  it('serves the v1.0 card and, without A2A-Version, the v0.3 card on both paths', async () => {
    const v1 = await (
      await fetch(`${agent.url}/.well-known/agent-card.json`, {
        headers: { 'A2A-Version': '1.0' },
      })
    ).json();
    expect(v1.name).toBe('Demo Agent');
    expect(v1.capabilities.streaming).toBe(true);
    expect(v1.skills.length).toBeGreaterThanOrEqual(3);
    expect(v1.supportedInterfaces).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          url: `${agent.url}/a2a/jsonrpc`,
          protocolVersion: '1.0',
        }),
        expect.objectContaining({
          url: `${agent.url}/a2a/jsonrpc`,
          protocolVersion: '0.3',
        }),
      ]),
    );
    for (const path of ['agent.json', 'agent-card.json']) {
      const legacy = await (
        await fetch(`${agent.url}/.well-known/${path}`)
      ).json();
      expect(legacy).toMatchObject({
        url: `${agent.url}/a2a/jsonrpc`,
        preferredTransport: 'JSONRPC',
        protocolVersion: '0.3',
      });
    }
  });

  it('answers a too-large body with a JSON-RPC error instead of an HTML page', async () => {
    const small = await startDemoAgent({ port: 0, jsonBodyLimit: '1kb' });
    try {
      const response = await fetch(`${small.url}/a2a/jsonrpc`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'A2A-Version': '1.0' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'GetTask',
          params: { id: 'x'.repeat(2048) },
        }),
      });
      expect(response.status).toBe(413);
      expect((await response.json()).error.code).toBe(-32600);
    } finally {
      await small.close();
    }
  });

  it('rejects a message for a task that is still running', async () => {
    const client = await createClient(agent.url, 'v1.0');
    let taskId = '';
    let contextId = '';
    let secondMessageError: unknown;
    const events = await collect(
      client.sendMessageStream(request('/chunks 200 /delay 10 busy')),
      async event => {
        if (event.payload?.$case === 'task') {
          ({ id: taskId, contextId } = event.payload.value);
        }
        if (
          secondMessageError === undefined &&
          artifactUpdates([event]).some(isChunk)
        ) {
          const second = request('me too', { taskId, contextId });
          secondMessageError = await withSdkErrorsSilenced(() =>
            collect(client.sendMessageStream(second)),
          ).then(
            () => null,
            e => e,
          );
          await client.cancelTask({
            tenant: '',
            id: taskId,
            metadata: undefined,
          });
        }
      },
    );
    expect(secondMessageError).toBeInstanceOf(UnsupportedOperationError);
    expect(lastState(events)).toBe(TaskState.TASK_STATE_CANCELED);
  });

  it('goes silent after the task with /silent, until the task is canceled', async () => {
    const client = await createClient(agent.url, 'v1.0');
    const stream = client.sendMessageStream(request('/silent quiet please'));
    const first = await stream.next();
    expect(first.value?.payload?.$case).toBe('task');
    const taskId =
      first.value?.payload?.$case === 'task' ? first.value.payload.value.id : '';
    // Nothing follows until the cancel; then CANCELED ends the stream.
    await client.cancelTask({ tenant: '', id: taskId, metadata: undefined });
    const rest = await collect(stream);
    expect(statusUpdates(rest).map(s => s.status?.state)).toEqual([
      TaskState.TASK_STATE_CANCELED,
    ]);
  });

  it('delays the first event (and byte) with /hang', async () => {
    const client = await createClient(agent.url, 'v1.0');
    const started = Date.now();
    const events = await collect(
      client.sendMessageStream(request('/hang 150 /echo late')),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect(events.map(e => e.payload?.$case)).toEqual(['message']);
  });

  it('lists the tasks of a conversation with paging (v1.0 ListTasks)', async () => {
    const client = await createClient(agent.url, 'v1.0');
    const first = await collect(
      client.sendMessageStream(request('/chunks 1 one')),
    );
    const contextId =
      first[0].payload?.$case === 'task'
        ? first[0].payload.value.contextId
        : '';
    await collect(
      client.sendMessageStream(request('/chunks 1 two', { contextId })),
    );
    const list = (pageToken: string) =>
      client.listTasks({
        tenant: '',
        contextId,
        status: TaskState.TASK_STATE_UNSPECIFIED,
        pageSize: 1,
        pageToken,
        historyLength: undefined,
        statusTimestampAfter: undefined,
        includeArtifacts: true,
      });
    const page1 = await list('');
    expect(page1.totalSize).toBe(2);
    expect(page1.tasks).toHaveLength(1);
    const page2 = await list(page1.nextPageToken);
    expect(page2.tasks).toHaveLength(1);
    expect(page2.nextPageToken).toBe('');
    expect(new Set([page1.tasks[0].id, page2.tasks[0].id]).size).toBe(2);
    expect(finalResultText(page1.tasks[0].artifacts)).toContain(
      'turn 2 of this conversation',
    );
  });

  it('closes promptly while a stream is open', async () => {
    const other = await startDemoAgent({ port: 0 });
    const client = await createClient(other.url, 'v1.0');
    const stream = client.sendMessageStream(
      request('/chunks 1000 /delay 50 never ends'),
    );
    const first = await stream.next(); // the task: the stream is open now
    expect(first.value?.payload?.$case).toBe('task');
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(2000);
    // The run was stopped with CANCELED, and the grace period let that last
    // event reach the client before the connections were cut.
    const rest = await collect(stream);
    expect(lastState(rest)).toBe(TaskState.TASK_STATE_CANCELED);
  });
});
