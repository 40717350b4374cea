/**
 * @jest-environment node
 */
/*
 * Faults (issue 5, item 3) of the agent process, of sizes and of time: agent
 * down at load, rejected at load, killed and restarted mid-stream, shut down
 * mid-stream; a 1 MB message, a body over the agent's limit, a 10,000-chunk
 * reply; a slow first byte; cancel of a finished task. Each against the real
 * demo agent, with at least one other session that must stay unaffected.
 * The wire faults are in faults.integration.test.ts.
 */
import { mockApis } from '@backstage/test-utils';
import { startDemoAgent, type DemoAgent } from '@internal/demo-agent';
import { AgentClient } from '../a2a/AgentClient';
import { classifyAgentError } from '../a2a/errors';
import { DefaultAgentForgeApi } from '../api';
import type { ChatSession } from './ChatSession';
import type { AgentMessage } from './model';
import { InMemorySessionRepository } from './persistence/InMemorySessionRepository';
import { lastReply, snapshotWhere, startHarness, type Harness } from '../__testUtils__/demoAgentHarness';
import {
  BYSTANDER,
  expectFailedInPlace,
  expectUnaffected,
  freePort,
  managerFor,
  observingFetch,
  readableError,
  storedRecord,
  transcript,
  userTexts,
  silenceAgentErrorLogs,
} from '../__testUtils__/faultHelpers';

silenceAgentErrorLogs();

// A safety limit for the big transfers below, not a timing assertion.
jest.setTimeout(60_000);

/**
 * A demo agent of the test's own (the test kills it or shuts it down), a
 * manager on it with an in-memory repository, and one session.
 */
async function withOwnAgent(
  run: (ctx: { agent: DemoAgent; repository: InMemorySessionRepository; session: ChatSession }) => Promise<void>,
): Promise<void> {
  const agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 } });
  const client = await AgentClient.connect({ baseUrl: agent.url, protocol: '1.0' });
  const repository = new InMemorySessionRepository();
  const manager = managerFor(async () => client, { repository });
  try {
    await manager.load();
    await run({ agent, repository, session: manager.createSession() });
  } finally {
    manager.dispose();
    await agent.close();
  }
}

describe('faults of the agent process and of sizes', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness('auto');
  });
  afterAll(() => harness.close());

  it('agent down at load: the connection shows a network error, a send fails in its session, retry recovers', async () => {
    const port = await freePort();
    const api = new DefaultAgentForgeApi({
      configApi: mockApis.config({ data: { agentForge: { baseUrl: `http://127.0.0.1:${port}` } } }),
      discoveryApi: mockApis.discovery(),
      fetchApi: { fetch: (input, init) => fetch(input, init) },
    });
    const repository = new InMemorySessionRepository();
    const manager = managerFor(() => api.getClient(), { reconnect: () => api.reconnect(), repository });
    await manager.load();

    await manager.connect();
    const connection = manager.getSnapshot().connection;
    expect(connection.status).toBe('error');
    const connectError = readableError(connection.status === 'error' ? connection.error : undefined);
    expect(connectError.kind).toBe('network');

    const [faulty, idle] = [manager.createSession(), manager.createSession()];
    await faulty.send('is anybody there?');
    const { error } = await expectFailedInPlace(faulty, repository, 'is anybody there?');
    expect(error.kind).toBe('network');
    expect(idle.getSnapshot()).toMatchObject({ status: 'idle', messageCount: 0 });

    // The agent comes up on that port: retryConnection reaches it.
    let agent: DemoAgent | undefined;
    try {
      agent = await startDemoAgent({ port, defaults: { delayMs: 0 } });
      await manager.retryConnection();
      expect(manager.getSnapshot().connection).toMatchObject({
        status: 'connected',
        card: { name: 'Demo Agent' },
      });
      // The user retries the failed message, and the other session just works.
      await Promise.all([faulty.retry(), idle.send(BYSTANDER)]);
      const client = await api.getClient();
      await expectUnaffected(client, faulty, repository, ['is anybody there?']);
      await expectUnaffected(client, idle, repository);
    } finally {
      manager.dispose();
      await agent?.close();
    }
  });

  it('agent card answers 401 at load: an auth error on the connection and in the session, no HTML', async () => {
    const agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 }, cardStatus: 401 });
    const api = new DefaultAgentForgeApi({
      configApi: mockApis.config({ data: { agentForge: { baseUrl: agent.url } } }),
      discoveryApi: mockApis.discovery(),
      fetchApi: { fetch: (input, init) => fetch(input, init) },
    });
    const repository = new InMemorySessionRepository();
    const manager = managerFor(() => api.getClient(), { reconnect: () => api.reconnect(), repository });
    try {
      await manager.load();
      await manager.connect();
      const connection = manager.getSnapshot().connection;
      expect(connection.status).toBe('error');
      const connectError = readableError(connection.status === 'error' ? connection.error : undefined);
      expect(connectError).toMatchObject({ kind: 'auth', status: 401 });

      const session = manager.createSession();
      await session.send('let me in');
      const { error } = await expectFailedInPlace(session, repository, 'let me in');
      expect(error).toMatchObject({ kind: 'auth', status: 401 });

      // Signed in again: the card is served, retry works.
      agent.setCardStatus(undefined);
      await manager.retryConnection();
      expect(manager.getSnapshot().connection.status).toBe('connected');
      await session.retry();
      await expectUnaffected(await api.getClient(), session, repository, ['let me in']);
    } finally {
      manager.dispose();
      await agent.close();
    }
  });

  it('agent killed mid-stream and restarted on the same port: reconnects visibly, then ends interrupted with the partial answer', async () => {
    let agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 } });
    const { port } = agent;
    const client = await AgentClient.connect({ baseUrl: agent.url, protocol: '1.0' });
    const repository = new InMemorySessionRepository();
    // The product's own backoff (0.5 s, 1 s, ...): the new agent is up long before the first attempt.
    const manager = managerFor(async () => client, { repository });
    try {
      await manager.load();
      const [faulty, other] = [manager.createSession(), manager.createSession()];
      await other.send('/chunks 5 before the crash');
      const otherBefore = other.getSnapshot();

      const prompt = '/chunks 2000 /delay 5 a long answer';
      const sending = faulty.send(prompt);
      const streaming = await snapshotWhere(faulty, s => Boolean(s.taskId) && lastReply(s).text.length > 0);
      const seen = lastReply(streaming).text;
      const reconnecting = snapshotWhere(faulty, s => s.reconnecting !== undefined);

      await agent.kill(); // a crash: no CANCELED, the connection just breaks
      expect(await reconnecting).toMatchObject({ status: 'streaming', reconnecting: { attempt: 1, maxAttempts: 5 } });
      agent = await startDemoAgent({ port, defaults: { delayMs: 0 } });
      await sending;

      // The new agent does not know the task: interrupted, partial text kept, nothing re-sent.
      const snapshot = faulty.getSnapshot();
      expect(snapshot.status).toBe('interrupted');
      expect(snapshot.reconnecting).toBeUndefined();
      expect(userTexts(snapshot)).toEqual([prompt]);
      const reply = lastReply(snapshot) as AgentMessage;
      expect(reply.status).toBe('interrupted');
      expect(reply.notice).toContain('no longer knows this task');
      expect(reply.text.startsWith(seen)).toBe(true);
      expect(reply.text.length).toBeGreaterThan(0);
      expect(reply.taskId).toBe(streaming.taskId);
      expect(transcript((await storedRecord(repository, faulty.id))!.messages)).toEqual(transcript(snapshot.messages));

      // The other session is as it was, and it works with the new agent; so does the faulty one.
      expect(other.getSnapshot()).toBe(otherBefore);
      await Promise.all([other.send('/chunks 5 after the restart'), faulty.send('/chunks 5 hello again')]);
      expect(lastReply(other.getSnapshot()).status).toBe('complete');
      expect(lastReply(faulty.getSnapshot()).status).toBe('complete');
      expect(userTexts(faulty.getSnapshot())).toEqual([prompt, '/chunks 5 hello again']);
    } finally {
      manager.dispose();
      await agent.close();
    }
  });

  it('agent killed mid-stream and not back: Stop while reconnecting settles at once and never throws', async () => {
    await withOwnAgent(async ({ agent, repository, session }) => {
      const prompt = '/chunks 2000 /delay 5 a long answer';
      const sending = session.send(prompt);
      const streaming = await snapshotWhere(session, s => Boolean(s.taskId) && lastReply(s).text.length > 0);
      const reconnecting = snapshotWhere(session, s => s.reconnecting !== undefined);
      await agent.kill();
      await reconnecting;

      expect(() => session.stop()).not.toThrow(); // its background cancel cannot reach the agent
      const stopped = session.getSnapshot();
      expect(stopped).toMatchObject({ status: 'idle', reconnecting: undefined });
      expect(lastReply(stopped).status).toBe('stopped');
      expect(lastReply(stopped).text.startsWith(lastReply(streaming).text)).toBe(true);
      await sending;
      expect(session.getSnapshot()).toBe(stopped);
      expect(userTexts((await storedRecord(repository, session.id))!)).toEqual([prompt]);
    });
  });

  it('agent shut down gracefully mid-stream: the reply ends canceled with the agent’s reason', async () => {
    await withOwnAgent(async ({ agent, repository, session }) => {
      const prompt = '/chunks 2000 /delay 5 a long answer';
      const sending = session.send(prompt);
      await snapshotWhere(session, s => lastReply(s).text.length > 0);
      await agent.close();
      await sending;

      const snapshot = session.getSnapshot();
      const reply = lastReply(snapshot) as AgentMessage;
      expect(reply.status).toBe('canceled');
      expect(reply.notice).toContain('shutting down');
      expect(reply.text.length).toBeGreaterThan(0);
      expect(userTexts((await storedRecord(repository, session.id))!)).toEqual([prompt]);
    });
  });

  it('a 1 MB message is sent and answered (no 413), beside another session', async () => {
    const unit = 'Grüße → 🚀 a line of a very long message\n';
    const big = `/chunks 10 ${unit.repeat(Math.ceil((1024 * 1024) / unit.length))}`;
    expect(big.length).toBeGreaterThanOrEqual(1024 * 1024);
    const repository = new InMemorySessionRepository();
    const manager = harness.createManager({ repository });
    await manager.load();
    const [faulty, bystander] = [manager.createSession(), manager.createSession()];
    await Promise.all([faulty.send(big), bystander.send(BYSTANDER)]);

    const prompt = big.trim();
    await expectUnaffected(harness.client, faulty, repository, [prompt]);
    expect(lastReply(faulty.getSnapshot()).text).toContain(`| Prompt length | ${prompt.length - '/chunks 10 '.length} characters |`);
    await expectUnaffected(harness.client, bystander, repository);
    manager.dispose();
  });

  it('a message over the agent’s body limit fails with a readable "too large" error in its session only', async () => {
    const agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 }, jsonBodyLimit: '100kb' });
    const client = await AgentClient.connect({ baseUrl: agent.url, protocol: '1.0' });
    const repository = new InMemorySessionRepository();
    const manager = managerFor(async () => client, { repository });
    try {
      await manager.load();
      const [faulty, bystander] = [manager.createSession(), manager.createSession()];
      const prompt = `too big ${'x'.repeat(200 * 1024)}`;
      await Promise.all([faulty.send(prompt), bystander.send(BYSTANDER)]);

      const { error } = await expectFailedInPlace(faulty, repository, prompt);
      // The agent answers HTTP 413 with a JSON-RPC envelope; the SDK turns
      // that into a typed JSON-RPC error and drops the status.
      expect(['http', 'rpc']).toContain(error.kind);
      expect(error.message).toMatch(/too large/i);
      await expectUnaffected(client, bystander, repository);
    } finally {
      manager.dispose();
      await agent.close();
    }
  });

  it('a 10,000-chunk reply completes with the agent’s full text, in far fewer snapshots', async () => {
    const repository = new InMemorySessionRepository();
    // About one animation frame: what a browser would coalesce to.
    const manager = harness.createManager({
      repository,
      scheduleFrame: callback => {
        const timer = setTimeout(callback, 16);
        return () => clearTimeout(timer);
      },
    });
    await manager.load();
    const [faulty, bystander] = [manager.createSession(), manager.createSession()];
    let publishes = 0;
    faulty.subscribe(() => publishes++);
    const prompt = '/chunks 10000 /delay 0 a very long answer';
    await Promise.all([faulty.send(prompt), bystander.send(BYSTANDER)]);

    await expectUnaffected(harness.client, faulty, repository, [prompt]);
    expect(lastReply(faulty.getSnapshot()).text.length).toBeGreaterThanOrEqual(10000);
    expect(publishes).toBeLessThan(1000);
    await expectUnaffected(harness.client, bystander, repository);
    manager.dispose();
  });

  it('a slow first byte fails its session with kind timeout, quickly; another session is unaffected', async () => {
    const client = await AgentClient.connect({ baseUrl: harness.agent.url, protocol: '1.0', firstEventTimeoutMs: 300 });
    const repository = new InMemorySessionRepository();
    const manager = managerFor(async () => client, { repository });
    await manager.load();
    const [faulty, bystander] = [manager.createSession(), manager.createSession()];
    const prompt = '/hang 5000 are you there?';
    const started = Date.now();
    const failing = faulty.send(prompt).then(() => Date.now() - started);
    await bystander.send(BYSTANDER);
    const elapsed = await failing;

    const { error } = await expectFailedInPlace(faulty, repository, prompt);
    expect(error.kind).toBe('timeout');
    expect(elapsed).toBeLessThan(2000);
    await expectUnaffected(client, bystander, repository);
    manager.dispose();
  });

  it('cancel of an already finished task: stop() is a no-op, cancelTask rejects classified, a late stop never throws', async () => {
    const observed = observingFetch();
    const client = await AgentClient.connect({ baseUrl: harness.agent.url, protocol: '1.0', fetch: observed.fetch });
    const repository = new InMemorySessionRepository();
    const manager = managerFor(async () => client, { repository });
    await manager.load();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // 1. stop() after the reply completed does nothing, and sends nothing.
      const done = manager.createSession();
      await done.send('/chunks 3 finish first');
      const finished = done.getSnapshot();
      const exchangesBefore = observed.exchanges.length;
      expect(() => done.stop()).not.toThrow();
      expect(done.getSnapshot()).toBe(finished);
      expect(observed.exchanges.length).toBe(exchangesBefore);

      // 2. Cancelling the finished task directly is refused by the agent, classified.
      const refused = await client.cancelTask(finished.taskId!).then(
        () => undefined,
        e => e,
      );
      expect(refused).toBeDefined();
      const classified = readableError(classifyAgentError(refused));
      expect(classified).toMatchObject({ kind: 'rpc', code: -32002 });

      // 3. stop() while the client has not yet seen the end of a task the
      //    agent already finished: the background cancel is refused and swallowed.
      const late = manager.createSession();
      const bystander = manager.createSession();
      const agentFinished = observed.holdAfterFirstEvent(body => body.includes('finished on the agent'));
      const sending = late.send('/chunks 3 finished on the agent');
      await snapshotWhere(late, s => Boolean(s.taskId));
      await agentFinished;
      const taskId = late.getSnapshot().taskId!;
      expect(() => late.stop()).not.toThrow();
      await sending;
      const cancel = await observed.exchangeWhere(
        e => /cancel/i.test(e.method ?? '') && e.body.includes(taskId) && e.json !== undefined,
      );
      expect(cancel.json).toMatchObject({ error: { code: -32002 } });
      expect(lastReply(late.getSnapshot())).toMatchObject({ status: 'stopped' });
      expect(late.getSnapshot().status).toBe('idle');
      expect(late.getSnapshot().error).toBeUndefined();
      expect(userTexts((await storedRecord(repository, late.id))!)).toEqual(['/chunks 3 finished on the agent']);

      await bystander.send(BYSTANDER);
      await expectUnaffected(client, bystander, repository);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      manager.dispose();
    }
  });
});
