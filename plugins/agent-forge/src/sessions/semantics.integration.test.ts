/**
 * @jest-environment node
 */
import { InMemorySessionRepository } from './persistence/InMemorySessionRepository';
import type { AgentMessage, UserMessage } from './model';
import { isStreamOf, lastReply, snapshotWhere, startHarness, type Harness } from '../__testUtils__/demoAgentHarness';

describe.each(['1.0', '0.3'] as const)('A2A %s semantics in a session', protocol => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(protocol);
  });
  afterAll(() => harness.close());

  it('speaks the protocol version it was asked for', () => {
    expect(harness.client.protocolVersion.startsWith(protocol === '1.0' ? '1.' : '0.3')).toBe(true);
  });

  it('keeps the agent’s contextId and sends it on later turns', async () => {
    const manager = harness.createManager();
    const session = manager.createSession();
    await session.send('/chunks 3 hello there');
    const { contextId } = session.getSnapshot();
    expect(contextId).toBeTruthy();
    expect(contextId).not.toBe(session.id);

    await session.send('/chunks 3 and again');
    const second = await harness.nextRequest(isStreamOf('and again'));
    expect(second.body).toContain(contextId);
    expect(session.getSnapshot().contextId).toBe(contextId);
    expect(lastReply(session.getSnapshot()).text).toContain('turn 2 of this conversation');
    manager.dispose();
  });

  it('builds the execution plan and tool activity from artifacts', async () => {
    const manager = harness.createManager();
    const session = manager.createSession();
    const seenTools: string[] = [];
    session.subscribe(() => {
      const tool = session.getSnapshot().currentTool;
      if (tool && !seenTools.includes(tool.name)) seenTools.push(tool.name);
    });
    await session.send('/chunks 10 /delay 3 plan something');

    const reply = lastReply(session.getSnapshot()) as AgentMessage;
    expect(reply.status).toBe('complete');
    expect(reply.plan?.steps.map(s => s.id)).toEqual(['understand', 'search', 'summarize', 'write']);
    expect(reply.plan?.steps.every(s => s.status === 'completed')).toBe(true);
    expect(reply.tools?.map(t => [t.name, t.status])).toEqual([
      ['search_docs', 'completed'],
      ['summarize', 'completed'],
    ]);
    expect(seenTools).toEqual(['search_docs', 'summarize']);
    expect(session.getSnapshot().currentTool).toBeUndefined();
    manager.dispose();
  });

  it('answers an input-required form on the same task and finishes it', async () => {
    const manager = harness.createManager();
    const session = manager.createSession();
    await session.send('/input deploy my service');

    const asking = session.getSnapshot();
    expect(asking.status).toBe('input-required');
    const question = lastReply(asking) as AgentMessage;
    expect(question.status).toBe('input-required');
    expect(question.form?.fields.length).toBeGreaterThan(0);
    const sample = { text: 'demo-service', number: 2, boolean: true, select: undefined };
    const values = Object.fromEntries(question.form!.fields.map(f => [f.name, f.options?.[0] ?? sample[f.type]]));

    await session.respond(values);

    const reply = await harness.nextRequest(isStreamOf('demo-service'));
    expect(reply.body).toContain(question.taskId);
    const done = session.getSnapshot();
    expect(done.status).toBe('idle');
    const [, asked, answer, final] = done.messages;
    expect((asked as AgentMessage).formAnswered).toBe(true);
    expect((answer as UserMessage).data).toEqual(values);
    expect(answer.text).toContain('demo-service');
    expect(final).toMatchObject({ role: 'agent', status: 'complete', taskId: question.taskId });
    expect(final.text).toContain('demo-service');
    manager.dispose();
  });

  it('shows a failed task’s reason in the session and never re-sends on its own', async () => {
    const manager = harness.createManager();
    const session = manager.createSession();
    await session.send('/chunks 10 /fail 4 this will fail');

    const failed = session.getSnapshot();
    expect(failed.status).toBe('error');
    const reply = lastReply(failed) as AgentMessage;
    expect(reply.status).toBe('failed');
    expect(reply.notice).toContain('Simulated failure');
    expect(reply.text.length).toBeGreaterThan(0);
    expect(harness.requests.filter(isStreamOf('this will fail'))).toHaveLength(1);

    // Retry is the user's act: it sends the same question once more.
    await session.retry();
    expect(harness.requests.filter(isStreamOf('this will fail'))).toHaveLength(2);
    expect(session.getSnapshot().messages.map(m => m.role)).toEqual(['user', 'agent']);
    manager.dispose();
  });

  it('reports a JSON-RPC error raised mid-stream in the affected session', async () => {
    const manager = harness.createManager();
    const [session, bystander] = [manager.createSession(), manager.createSession()];
    await Promise.all([session.send('/chunks 10 /error 3 break the stream'), bystander.send('/chunks 5 fine')]);

    const snapshot = session.getSnapshot();
    expect(snapshot.status).toBe('error');
    expect(snapshot.error).toMatchObject({ kind: 'rpc' });
    expect(snapshot.error?.message).toContain('Simulated JSON-RPC error');
    expect(lastReply(snapshot)).toMatchObject({ status: 'failed' });
    expect(lastReply(bystander.getSnapshot())).toMatchObject({ status: 'complete' });
    manager.dispose();
  });

  it('answers a reply that is a single message, without a task', async () => {
    const manager = harness.createManager();
    const session = manager.createSession();
    await session.send('/echo just repeat this');
    expect(lastReply(session.getSnapshot())).toMatchObject({ status: 'complete', text: 'just repeat this' });
    manager.dispose();
  });

  it('resumes an interrupted reply after a reload, through tasks/resubscribe', async () => {
    const repository = new InMemorySessionRepository();
    const solo = harness.createManager();
    const reference = solo.createSession();
    await reference.send('/chunks 60 /delay 5 resume this answer');
    const fullText = lastReply(reference.getSnapshot()).text;
    solo.dispose();

    const before = harness.createManager({ repository });
    await before.load();
    const session = before.createSession();
    const sending = session.send('/chunks 60 /delay 5 resume this answer');
    await snapshotWhere(session, s => Boolean(s.taskId) && lastReply(s).text.length > 0);
    // The page goes away: the stream closes, the agent keeps working.
    before.suspendAll();
    await sending;
    expect(session.getSnapshot().status).toBe('interrupted');

    const after = harness.createManager({ repository });
    await after.load();
    const reloaded = after.getSession(session.id)!;
    expect(reloaded.getSnapshot().status).toBe('interrupted');
    expect(lastReply(reloaded.getSnapshot()).taskId).toBe(session.getSnapshot().taskId);

    await after.resumeInterrupted();
    expect(lastReply(reloaded.getSnapshot())).toMatchObject({ status: 'complete', text: fullText });
    expect(reloaded.getSnapshot().status).toBe('idle');
    after.dispose();
  });

  it('leaves a reply interrupted when the agent no longer knows its task', async () => {
    const repository = new InMemorySessionRepository();
    await repository.save({
      id: 'gone',
      title: 'Lost task',
      customTitle: false,
      createdAt: 1,
      updatedAt: 1,
      status: 'streaming',
      messages: [
        { id: 'u', role: 'user', text: 'hello', createdAt: 1 },
        { id: 'a', role: 'agent', text: 'partial', status: 'streaming', taskId: 'no-such-task', createdAt: 1 },
      ],
    });
    const manager = harness.createManager({ repository });
    await manager.resumeInterrupted();
    const snapshot = manager.getSession('gone')!.getSnapshot();
    expect(snapshot.status).toBe('interrupted');
    expect(lastReply(snapshot)).toMatchObject({ status: 'interrupted', text: 'partial' });
    expect((lastReply(snapshot) as AgentMessage).notice).toContain('no longer knows');
    manager.dispose();
  });
});
