/**
 * @jest-environment node
 */
import { isBusy } from './model';
import type { ChatSession } from './ChatSession';
import {
  isCancel,
  isStreamOf,
  lastReply,
  snapshotWhere,
  startHarness,
  type Harness,
} from '../__testUtils__/demoAgentHarness';

const OTHER_PROMPTS = [2, 3, 4, 5].map(n => `/chunks 80 /delay 2 question number ${n}`);
const LONG = '/chunks 400 /delay 5';

describe.each(['1.0', '0.3'] as const)('sessions stay isolated over A2A %s', protocol => {
  let harness: Harness;
  /** What each prompt's reply is when its session runs alone. */
  let soloText: Map<string, string>;

  beforeAll(async () => {
    harness = await startHarness(protocol);
    const manager = harness.createManager();
    await manager.load();
    soloText = new Map();
    for (const prompt of [...OTHER_PROMPTS, '/chunks 80 /delay 2 question number 1']) {
      const session = manager.createSession();
      await session.send(prompt);
      soloText.set(prompt, lastReply(session.getSnapshot()).text);
    }
    manager.dispose();
  });

  afterAll(() => harness.close());

  async function startOthers(sessions: ChatSession[]) {
    const done = sessions.map((s, i) => s.send(OTHER_PROMPTS[i]));
    return () => Promise.all(done);
  }

  function expectSoloTranscripts(sessions: ChatSession[]) {
    sessions.forEach((session, i) => {
      const snapshot = session.getSnapshot();
      expect(snapshot.messages.map(m => m.role)).toEqual(['user', 'agent']);
      expect(lastReply(snapshot).status).toBe('complete');
      expect(lastReply(snapshot).text).toBe(soloText.get(OTHER_PROMPTS[i]));
    });
  }

  it('applies events to the session that sent the request, whatever session is active', async () => {
    const manager = harness.createManager();
    await manager.load();
    const prompts = ['/chunks 80 /delay 2 question number 1', ...OTHER_PROMPTS];
    const sessions = prompts.map(() => manager.createSession());
    // Switch the active session on every published snapshot of any session.
    let flips = 0;
    sessions.forEach((session, i) =>
      session.subscribe(() => {
        flips++;
        queueMicrotask(() => manager.setActive(sessions[(i + flips) % sessions.length].id));
      }),
    );

    await Promise.all(sessions.map((session, i) => session.send(prompts[i])));

    expect(flips).toBeGreaterThan(10);
    sessions.forEach((session, i) => {
      const snapshot = session.getSnapshot();
      expect(snapshot.messages.map(m => m.role)).toEqual(['user', 'agent']);
      expect(lastReply(snapshot)).toMatchObject({ status: 'complete', text: soloText.get(prompts[i]) });
    });
    // The agent gave each session its own conversation; the session ids stayed ours.
    const contexts = new Set(sessions.map(s => s.getSnapshot().contextId));
    expect(contexts.size).toBe(5);
    expect(sessions.map(s => s.id)).toEqual(sessions.map(s => s.getSnapshot().id));
    manager.dispose();
  });

  it('a new send in one session aborts only that session’s previous request', async () => {
    const manager = harness.createManager();
    await manager.load();
    const [a, ...others] = Array.from({ length: 5 }, () => manager.createSession());
    const othersDone = await startOthers(others);

    const first = a.send(`${LONG} first question`);
    await snapshotWhere(a, s => lastReply(s).text.length > 0);
    const firstRequest = await harness.nextRequest(isStreamOf('first question'));

    const second = a.send('/chunks 20 /delay 1 second question');
    expect(firstRequest.signal?.aborted).toBe(true);
    const textWhenSuperseded = a.getSnapshot().messages[1].text;

    await Promise.all([first, second, othersDone()]);
    const messages = a.getSnapshot().messages;
    expect(messages.map(m => m.role)).toEqual(['user', 'agent', 'user', 'agent']);
    expect(messages[1]).toMatchObject({ status: 'stopped', text: textWhenSuperseded });
    expect(messages[3]).toMatchObject({ status: 'complete' });
    // The second reply answers the second question; nothing of the second
    // request leaked into the first reply.
    expect(messages[3].text).toContain('You asked:\n\n> second question');
    expect(messages[1].text).not.toContain('second question');
    expectSoloTranscripts(others);
    manager.dispose();
  });

  it('stop() aborts at once, cancels the task in the background and keeps the partial text', async () => {
    const manager = harness.createManager();
    await manager.load();
    const [a, ...others] = Array.from({ length: 5 }, () => manager.createSession());
    const othersDone = await startOthers(others);

    const sending = a.send(`${LONG} please stop me`);
    const streaming = await snapshotWhere(a, s => lastReply(s).text.length > 0 && Boolean(s.taskId));
    const request = await harness.nextRequest(isStreamOf('please stop me'));

    a.stop();

    // Synchronously: the HTTP stream is aborted and the session is settled.
    expect(request.signal?.aborted).toBe(true);
    expect(manager.streamingStateBySession.has(a.id)).toBe(false);
    expect(manager.executionPlanStateBySession.has(a.id)).toBe(false);
    const stopped = a.getSnapshot();
    expect(stopped.status).toBe('idle');
    expect(isBusy(stopped.status)).toBe(false);
    expect(lastReply(stopped).status).toBe('stopped');
    expect(lastReply(stopped).text.length).toBeGreaterThan(0);

    // In the background: tasks/cancel for this task, and the agent stops.
    const cancel = await harness.nextRequest(r => isCancel(r) && r.body.includes(streaming.taskId!));
    expect(cancel.body).toContain(streaming.taskId);
    await sending;
    await othersDone();
    expect(await harness.client.getTask(streaming.taskId!)).toMatchObject({ state: 'canceled' });
    expect(a.getSnapshot()).toBe(stopped);
    expectSoloTranscripts(others);
    manager.dispose();
  });

  it('deleting a session mid-stream cancels it, clears both maps, and no late event brings it back', async () => {
    const manager = harness.createManager();
    await manager.load();
    const [a, ...others] = Array.from({ length: 5 }, () => manager.createSession());
    const othersDone = await startOthers(others);

    const sending = a.send(`${LONG} delete me while streaming`);
    const streaming = await snapshotWhere(a, s => lastReply(s).text.length > 0 && Boolean(s.taskId));
    expect(manager.streamingStateBySession.has(a.id)).toBe(true);
    expect(manager.executionPlanStateBySession.has(a.id)).toBe(true);

    const undo = manager.deleteSession(a.id);
    const afterDelete = a.getSnapshot();

    expect(manager.streamingStateBySession.has(a.id)).toBe(false);
    expect(manager.executionPlanStateBySession.has(a.id)).toBe(false);
    expect(manager.getSession(a.id)).toBeUndefined();
    await harness.nextRequest(r => isCancel(r) && r.body.includes(streaming.taskId!));
    await sending;
    await othersDone();
    expect(await harness.client.getTask(streaming.taskId!)).toMatchObject({ state: 'canceled' });
    expect(a.getSnapshot()).toBe(afterDelete);
    expect(manager.getSession(a.id)).toBeUndefined();
    expect(manager.getSnapshot().sessions.map(s => s.id)).not.toContain(a.id);
    expectSoloTranscripts(others);

    // Undo brings back the transcript, with the reply marked stopped.
    undo!();
    const restored = manager.getSession(a.id)!.getSnapshot();
    expect(restored.messages[0].text).toBe('/chunks 400 /delay 5 delete me while streaming');
    expect(lastReply(restored)).toMatchObject({ status: 'stopped', text: lastReply(afterDelete).text });
    expect(manager.streamingStateBySession.size).toBe(0);
    manager.dispose();
  });

  it('another session streaming never blocks this one', async () => {
    const manager = harness.createManager();
    await manager.load();
    const sessions = Array.from({ length: 5 }, () => manager.createSession());
    const [a, b, ...rest] = sessions;
    const long = a.send(`${LONG} a long answer`);
    const restDone = rest.map(s => s.send(`${LONG} background ${s.id}`));
    await snapshotWhere(a, s => s.status === 'streaming');

    expect(isBusy(a.getSnapshot().status)).toBe(true);
    expect(isBusy(b.getSnapshot().status)).toBe(false);
    await b.send('/chunks 5 /delay 1 a quick one');

    expect(lastReply(b.getSnapshot())).toMatchObject({ status: 'complete' });
    expect(isBusy(a.getSnapshot().status)).toBe(true);
    for (const session of [a, ...rest]) session.stop();
    await Promise.all([long, ...restDone]);
    manager.dispose();
  });
});
