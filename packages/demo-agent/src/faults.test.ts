/*
 * The fault modes (faults.ts, `/unknown` in the executor, kill(), cardStatus)
 * over real HTTP, seen by the real @a2a-js/sdk client and by plain fetch.
 */
import { createServer } from 'node:net';
import {
  UNKNOWN_ARTIFACT_NAMES,
  UNKNOWN_TASK_STATE,
} from './DemoAgentExecutor';
import { UNKNOWN_STATE_ON_THE_WIRE } from './faults';
import { startDemoAgent, type DemoAgent } from './server';
import {
  artifactUpdates,
  collect,
  createClient,
  isChunk,
  lastState,
  request,
  statusUpdates,
  TaskState,
  type Flavor,
} from './__testUtils__/clients';
import type { StreamResponse } from '@a2a-js/sdk';

/** Drains a stream, returning what arrived before it ended or threw. */
async function drain(stream: AsyncGenerator<StreamResponse>) {
  const events: StreamResponse[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { events, error: undefined as unknown };
  } catch (error) {
    return { events, error };
  }
}

function taskIdOf(events: StreamResponse[]): string {
  const first = events[0]?.payload;
  return first?.$case === 'task' ? first.value.id : '';
}

/** POSTs a raw JSON-RPC streaming request; returns the response. */
function rawStream(agent: DemoAgent, text: string, version: '1.0' | '0.3') {
  const body =
    version === '1.0'
      ? {
          jsonrpc: '2.0',
          id: 1,
          method: 'SendStreamingMessage',
          params: {
            message: {
              messageId: 'm1',
              role: 'ROLE_USER',
              parts: [{ text }],
            },
          },
        }
      : {
          jsonrpc: '2.0',
          id: 1,
          method: 'message/stream',
          params: {
            message: {
              kind: 'message',
              messageId: 'm1',
              role: 'user',
              parts: [{ kind: 'text', text }],
            },
          },
        };
  return fetch(`${agent.url}/a2a/jsonrpc`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'text/event-stream',
      'A2A-Version': version,
    },
    body: JSON.stringify(body),
  });
}

describe.each<[Flavor]>([['v1.0'], ['v0.3']])(
  'demo agent faults over A2A %s',
  flavor => {
    let agent: DemoAgent;

    beforeAll(async () => {
      agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 } });
    });

    afterAll(async () => {
      await agent.close();
    });

    it.each([401, 403, 413, 500])(
      '/status %i answers with that status and an HTML page',
      async status => {
        const client = await createClient(agent.url, flavor);
        const { events, error } = await drain(
          client.sendMessageStream(request(`/status ${status} hello`)),
        );
        expect(events).toEqual([]);
        expect(String((error as Error).message)).toContain(
          `: ${status} `,
        );
        expect(String((error as Error).message)).toContain('<html>');

        const blocking = await client
          .sendMessage(request(`/status ${status} hello`))
          .then(
            () => undefined,
            e => e as Error,
          );
        expect(blocking?.message).toContain(`Status: ${status}`);
      },
    );

    it('/html answers with HTTP 200 and an HTML page', async () => {
      const client = await createClient(agent.url, flavor);
      const { events, error } = await drain(
        client.sendMessageStream(request('/html hello')),
      );
      expect(events).toEqual([]);
      expect(String((error as Error).message)).toMatch(
        /Invalid response Content-Type/,
      );
      const response = await rawStream(
        agent,
        '/html hello',
        flavor === 'v1.0' ? '1.0' : '0.3',
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('<form');
    });

    it('/malformed N delivers N chunks, then a data line that is not JSON', async () => {
      const client = await createClient(agent.url, flavor);
      const { events, error } = await drain(
        client.sendMessageStream(request('/chunks 6 /malformed 2 hello')),
      );
      expect(artifactUpdates(events).filter(isChunk)).toHaveLength(2);
      expect(String((error as Error).message)).toMatch(
        /Failed to parse SSE event data/,
      );
    });

    it('/malformed without a number breaks the very first event', async () => {
      const client = await createClient(agent.url, flavor);
      const { events, error } = await drain(
        client.sendMessageStream(request('/malformed hello')),
      );
      expect(events).toEqual([]);
      expect(error).toBeDefined();
    });

    it('/truncate N ends the response cleanly in the middle of an envelope', async () => {
      const client = await createClient(agent.url, flavor);
      const { events, error } = await drain(
        client.sendMessageStream(request('/chunks 6 /truncate 3 hello')),
      );
      // The SDK drops the unterminated half event without an error: the
      // stream just ends, with no terminal status.
      expect(error).toBeUndefined();
      expect(artifactUpdates(events).filter(isChunk)).toHaveLength(3);
      expect(lastState(events)).toBe(TaskState.TASK_STATE_WORKING);

      const response = await rawStream(
        agent,
        '/chunks 6 /truncate 3 hello',
        flavor === 'v1.0' ? '1.0' : '0.3',
      );
      const raw = await response.text();
      expect(raw.endsWith('\n')).toBe(false);
      expect(raw.split('\n\n').pop()).toMatch(/^data: \{"/);
    });

    it('/drop N cuts the connection after N chunks; the task runs on', async () => {
      const client = await createClient(agent.url, flavor);
      const { events, error } = await drain(
        client.sendMessageStream(request('/chunks 6 /delay 5 /drop 2 hello')),
      );
      expect(artifactUpdates(events).filter(isChunk)).toHaveLength(2);
      expect((error as Error).name).toBe('TypeError'); // fetch: "terminated"

      const rest = await collect(
        client.resubscribeTask({ tenant: '', id: taskIdOf(events) }),
      );
      expect(lastState(rest)).toBe(TaskState.TASK_STATE_COMPLETED);
    });

    it('/unknown adds made-up artifacts and a state no SDK knows, then completes', async () => {
      const client = await createClient(agent.url, flavor);
      const events = await collect(
        client.sendMessageStream(request('/chunks 3 /unknown hello')),
      );
      const names = artifactUpdates(events).map(u => u.artifact?.name);
      expect(names).toContain(UNKNOWN_ARTIFACT_NAMES.withText);
      expect(names).toContain(UNKNOWN_ARTIFACT_NAMES.dataOnly);
      const states = statusUpdates(events).map(s => s.status?.state);
      // v1.0 reads an unknown enum string as UNRECOGNIZED (-1), the v0.3
      // layer maps an unknown state string to UNSPECIFIED (0).
      expect(states).toEqual([
        TaskState.TASK_STATE_WORKING,
        flavor === 'v1.0'
          ? TaskState.UNRECOGNIZED
          : TaskState.TASK_STATE_UNSPECIFIED,
        TaskState.TASK_STATE_WORKING,
        TaskState.TASK_STATE_COMPLETED,
      ]);
      expect(artifactUpdates(events).filter(isChunk)).toHaveLength(3);

      const version = flavor === 'v1.0' ? '1.0' : '0.3';
      const raw = await (
        await rawStream(agent, '/chunks 3 /unknown hello', version)
      ).text();
      expect(raw).toContain(
        `"${UNKNOWN_STATE_ON_THE_WIRE[flavor === 'v1.0' ? 'v1' : 'v03']}"`,
      );
      expect(UNKNOWN_TASK_STATE).toBe(99);
    });
  },
);

describe('demo agent card and process faults', () => {
  it('cardStatus answers both card paths with an HTML error until cleared', async () => {
    const agent = await startDemoAgent({ port: 0, cardStatus: 401 });
    try {
      for (const path of ['agent-card.json', 'agent.json']) {
        const response = await fetch(`${agent.url}/.well-known/${path}`);
        expect(response.status).toBe(401);
        expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      }
      await expect(createClient(agent.url, 'v1.0')).rejects.toThrow(/401/);
      agent.setCardStatus(undefined);
      const client = await createClient(agent.url, 'v1.0');
      expect(client.protocolVersion).toBe('1.0');
      agent.setCardStatus(503);
      expect(
        (await fetch(`${agent.url}/.well-known/agent-card.json`)).status,
      ).toBe(503);
    } finally {
      await agent.close();
    }
  });

  it('kill() cuts open streams without a last event and frees the port', async () => {
    const agent = await startDemoAgent({ port: 0 });
    const client = await createClient(agent.url, 'v1.0');
    const stream = client.sendMessageStream(
      request('/chunks 1000 /delay 50 never ends'),
    );
    const first = await stream.next();
    expect(first.value?.payload?.$case).toBe('task');

    await agent.kill();
    const { events, error } = await drain(stream);
    expect(lastState(events)).not.toBe(TaskState.TASK_STATE_CANCELED);
    expect((error as Error).name).toBe('TypeError');

    // The port is free at once: an agent can start on it again.
    const again = await startDemoAgent({
      port: agent.port,
      defaults: { delayMs: 0 },
    });
    try {
      const events2 = await collect(
        (await createClient(again.url, 'v1.0')).sendMessageStream(
          request('/chunks 2 back again'),
        ),
      );
      expect(lastState(events2)).toBe(TaskState.TASK_STATE_COMPLETED);
    } finally {
      await again.close();
    }
  });

  it('kill() on an idle agent resolves, and close() after it too', async () => {
    const agent = await startDemoAgent({ port: 0 });
    await agent.kill();
    await agent.close();
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(agent.port, '127.0.0.1', () => resolve());
    });
    expect(probe.listening).toBe(true); // the port was free again
    await new Promise<void>(resolve => probe.close(() => resolve()));
  });
});
