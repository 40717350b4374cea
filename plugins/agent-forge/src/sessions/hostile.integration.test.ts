/**
 * @jest-environment node
 */
/*
 * Hostile replies (the demo agent's `/hostile` directives) against the real
 * agent over HTTP with the real SDK, for A2A 1.0 and 0.3: floods of
 * artifacts, plan versions and tool calls, an enormous line, an endless
 * stream. Each reply is bounded and says what it cut; the other session
 * gets its whole answer; Stop and the event limit end an endless stream and
 * cancel the agent's task.
 */
import { isTerminalState } from '../a2a/types';
import { lastReply, snapshotWhere, startHarness, type Harness } from '../__testUtils__/demoAgentHarness';
import { BYSTANDER, expectUnaffected, storedRecord } from '../__testUtils__/faultHelpers';
import { DEFAULT_REPLY_LIMITS } from './limits';
import type { ChatSession } from './ChatSession';
import type { AgentMessage } from './model';
import { InMemorySessionRepository } from './persistence/InMemorySessionRepository';

// Thousands of events through a real agent take seconds on a busy machine.
jest.setTimeout(30_000);

describe.each(['1.0', '0.3'] as const)('hostile replies over A2A %s', protocol => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(protocol);
  });
  afterAll(() => harness.close());

  /** A hostile prompt in one session, a normal question in another. */
  async function besideBystander(prompt: string, options: Parameters<Harness['createManager']>[0] = {}) {
    const repository = new InMemorySessionRepository();
    const manager = harness.createManager({ repository, ...options });
    await manager.load();
    const hostile = manager.createSession();
    const bystander = manager.createSession();
    await Promise.all([hostile.send(prompt), bystander.send(BYSTANDER)]);
    await expectUnaffected(harness.client, bystander, repository);
    return { manager, repository, hostile };
  }

  /** Waits until the agent reports the task in a terminal state. */
  async function agentState(taskId: string) {
    for (;;) {
      const task = await harness.client.getTask(taskId);
      if (isTerminalState(task.state)) return task.state;
      await new Promise(resolve => setImmediate(resolve));
    }
  }

  // The demo agent's task store copies the task's artifacts per event: a
  // flood costs the agent quadratic time, so these stay in the thousands.
  it('2,000 unknown artifacts: the first ones are kept, the rest counted', async () => {
    const { manager, repository, hostile } = await besideBystander('/hostile flood 2000');
    const reply = lastReply(hostile.getSnapshot());
    expect(reply.status).toBe('complete');
    expect(reply.artifacts).toHaveLength(DEFAULT_REPLY_LIMITS.artifacts);
    expect(reply.artifacts?.[0]).toMatchObject({ name: 'made_up_0', text: 'flood artifact 0' });
    expect(reply.truncated).toEqual({ artifacts: 2000 - DEFAULT_REPLY_LIMITS.artifacts });
    const stored = (await storedRecord(repository, hostile.id))!.messages.at(-1) as AgentMessage;
    expect(stored.truncated).toEqual(reply.truncated);
    manager.dispose();
  });

  it('3,000 plan versions: the latest plan and a bounded history', async () => {
    const { manager, hostile } = await besideBystander('/hostile replans 3000');
    const reply = lastReply(hostile.getSnapshot());
    expect(reply.plan?.title).toBe('Plan 3000');
    expect(reply.planHistory).toHaveLength(DEFAULT_REPLY_LIMITS.planVersions);
    expect(reply.planHistory?.[DEFAULT_REPLY_LIMITS.planVersions - 1].title).toBe('Plan 2999');
    expect(reply.truncated).toEqual({ planVersions: 2999 - DEFAULT_REPLY_LIMITS.planVersions });
    manager.dispose();
  });

  it('1,000 tool calls: listed up to the limit, none left running', async () => {
    const { manager, hostile } = await besideBystander('/hostile tools 1000');
    const snapshot = hostile.getSnapshot();
    const reply = lastReply(snapshot);
    expect(reply.tools).toHaveLength(DEFAULT_REPLY_LIMITS.tools);
    expect(reply.tools?.every(tool => tool.status === 'completed')).toBe(true);
    expect(reply.truncated).toEqual({ tools: 1000 - DEFAULT_REPLY_LIMITS.tools });
    expect(snapshot.currentTool).toBeUndefined();
    manager.dispose();
  });

  it('a 300 KB line is kept whole (under the text limit)', async () => {
    const { manager, hostile } = await besideBystander('/hostile longline 300');
    const reply = lastReply(hostile.getSnapshot());
    expect(reply.status).toBe('complete');
    expect(reply.text).toHaveLength(300 * 1024);
    expect(reply.truncated).toBeUndefined();
    manager.dispose();
  });

  it('text beyond the limit is cut and said so', async () => {
    const { manager, hostile } = await besideBystander('/hostile longline 300', { replyLimits: { textChars: 100_000 } });
    const reply = lastReply(hostile.getSnapshot());
    expect(reply.text).toHaveLength(100_000);
    expect(reply.truncated).toEqual({ text: true });
    manager.dispose();
  });

  it('an endless stream stops at the event limit, and the agent is asked to cancel', async () => {
    const { manager, hostile } = await besideBystander('/hostile endless', { replyLimits: { events: 2_000 } });
    const reply = lastReply(hostile.getSnapshot());
    expect(reply.status).toBe('stopped');
    expect(reply.truncated).toEqual({ events: 2_000 });
    expect(reply.text).toMatch(/^chunk 0 chunk 1 /);
    expect(await agentState(reply.taskId!)).toBe('canceled');
    manager.dispose();
  });

  it('Stop ends an endless stream at once, and nothing more is applied', async () => {
    const manager = harness.createManager();
    await manager.load();
    const session: ChatSession = manager.createSession();
    const done = session.send('/hostile endless');
    const streaming = await snapshotWhere(session, s => lastReply(s).text.length > 10_000);
    expect(streaming.status).toBe('streaming');

    session.stop();
    const stopped = session.getSnapshot();
    expect(lastReply(stopped).status).toBe('stopped');
    await done;
    expect(await agentState(lastReply(stopped).taskId!)).toBe('canceled');
    // The stream was still full of chunks: none of them reached the session.
    expect(lastReply(session.getSnapshot()).text).toBe(lastReply(stopped).text);
    expect(manager.streamingStateBySession.size).toBe(0);
    manager.dispose();
  });

  it('files: described, with the URL kept as data', async () => {
    const { manager, hostile } = await besideBystander('/hostile files');
    const [artifact] = lastReply(hostile.getSnapshot()).artifacts ?? [];
    expect(artifact.files).toEqual([
      { name: 'report.pdf', mediaType: 'application/pdf', url: 'https://files.example.com/report.pdf' },
      // eslint-disable-next-line no-script-url
      { name: 'click-me.html', mediaType: 'text/html', url: 'javascript:alert(document.domain)' },
      { name: '\u202Egpj.exe', mediaType: 'application/octet-stream', url: undefined },
    ]);
    manager.dispose();
  });
});
