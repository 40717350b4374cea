/**
 * @jest-environment node
 */
/*
 * The page's cap on concurrent streams per origin, at the session level,
 * against the real demo agent over HTTP with the real SDK. `/silent` holds
 * a stream open (the agent sends the task, then nothing until canceled), so
 * "4 streaming, 4 queued" is a state the test waits for, not a race.
 *
 * Node's fetch has no six-connection limit, so the starvation itself is
 * shown in Chromium (e2e/streamCap.test.ts); here: what is queued, that Stop
 * leaves the queue, that cancels are never queued, that a queued reply's
 * first-event timeout waits for it to be sent, that resubscribe streams take
 * a slot too, and the idle bound after the last event.
 */
import { startDemoAgent, type DemoAgent } from '@internal/demo-agent';
import { AgentClient } from '../a2a/AgentClient';
import { StreamSlots } from '../a2a/streamSlots';
import { jsonRpcMethod, lastReply, snapshotWhere } from '../__testUtils__/demoAgentHarness';
import { managerFor } from '../__testUtils__/faultHelpers';
import type { ChatSession } from './ChatSession';
import type { SessionManager } from './SessionManager';

interface Sent {
  method?: string;
  body: string;
}

describe('the per-origin stream cap', () => {
  let agent: DemoAgent;
  const managers: SessionManager[] = [];

  beforeAll(async () => {
    agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 } });
  });
  afterEach(() => {
    // Stops (and cancels) whatever a test left streaming.
    managers.splice(0).forEach(manager => manager.dispose());
  });
  afterAll(() => agent.close());

  async function connect(options: { slots: StreamSlots; firstEventTimeoutMs?: number; idleTimeoutMs?: number }) {
    const sent: Sent[] = [];
    const client = await AgentClient.connect({
      baseUrl: agent.url,
      protocol: '1.0',
      streamSlots: options.slots,
      firstEventTimeoutMs: options.firstEventTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
      fetch: (input, init) => {
        const body = typeof init?.body === 'string' ? init.body : '';
        sent.push({ method: jsonRpcMethod(body), body });
        return fetch(input, init);
      },
    });
    const manager = managerFor(async () => client);
    managers.push(manager);
    await manager.load();
    const streamsOf = (text: string) => sent.filter(s => s.method === 'SendStreamingMessage' && s.body.includes(text));
    return { client, manager, sent, streamsOf, slots: options.slots.forUrl(client.endpoint) };
  }

  const streaming = (session: ChatSession) => snapshotWhere(session, s => Boolean(s.taskId) && !s.queued);
  const queued = (session: ChatSession) => snapshotWhere(session, s => s.queued === true);

  it('with a cap of 4, eight sessions: four stream, four are visibly queued; Stop on a queued one leaves the queue at once', async () => {
    const { manager, streamsOf, slots } = await connect({ slots: new StreamSlots(4) });
    const sessions = Array.from({ length: 8 }, () => manager.createSession());
    sessions.forEach((session, i) => void session.send(`/silent hold the line ${i}`));

    await Promise.all(sessions.slice(0, 4).map(streaming));
    await Promise.all(sessions.slice(4).map(queued));
    expect(slots.streaming).toBe(4);
    expect(slots.queued).toBe(4);
    for (const session of sessions.slice(4)) {
      const snapshot = session.getSnapshot();
      expect(snapshot).toMatchObject({ status: 'submitting', queued: true });
      expect(lastReply(snapshot)).toMatchObject({ status: 'streaming', text: '' });
      // Nothing of it was sent.
      expect(streamsOf(`hold the line ${sessions.indexOf(session)}`)).toEqual([]);
    }
    // The sidebar row says so too.
    const rows = manager.getSnapshot().sessions;
    expect(rows.filter(row => row.queued).map(row => row.id).sort()).toEqual(sessions.slice(4).map(s => s.id).sort());

    const leaving = sessions[5];
    leaving.stop();
    // At once: no event, no timer, no agent involved.
    expect(slots.queued).toBe(3);
    expect(leaving.getSnapshot().queued).toBeUndefined();
    expect(lastReply(leaving.getSnapshot()).status).toBe('stopped');
    expect(manager.getSnapshot().sessions.find(row => row.id === leaving.id)?.queued).toBeUndefined();

    // Deleting a queued session leaves the queue too.
    manager.deleteSession(sessions[6].id);
    expect(slots.queued).toBe(2);

    // A streaming session stopped: its slot goes to the next in line, never to the stopped ones.
    sessions[0].stop();
    await streaming(sessions[4]);
    expect(slots.streaming).toBe(4);
    expect(slots.queued).toBe(1);
    expect(streamsOf('hold the line 5')).toEqual([]);
    expect(streamsOf('hold the line 6')).toEqual([]);
  });

  it('sends tasks/cancel at once while the cap is full, and Stop reaches the agent', async () => {
    const { client, manager, sent, slots } = await connect({ slots: new StreamSlots(2) });
    const sessions = Array.from({ length: 4 }, () => manager.createSession());
    sessions.forEach((session, i) => void session.send(`/silent full ${i}`));
    const [first] = await Promise.all(sessions.slice(0, 2).map(streaming));
    await Promise.all(sessions.slice(2).map(queued));

    // Full: a cancel is not a stream and waits for nothing.
    expect(await client.cancelTask(first.taskId!)).toBe('canceled');
    expect(slots.queued).toBe(2);

    const second = sessions[1].getSnapshot().taskId!;
    sessions[1].stop();
    expect((await client.getTask(second)).state).not.toBe('working');
    await snapshotWhere(sessions[1], s => s.status === 'idle');
    expect(sent.filter(s => s.method === 'CancelTask' && s.body.includes(second))).toHaveLength(1);
  });

  it('does not count the time spent queued against the first-event timeout', async () => {
    const { manager } = await connect({ slots: new StreamSlots(1), firstEventTimeoutMs: 300 });
    const long = manager.createSession();
    const waiting = manager.createSession();
    // About 1.5 s, five times the timeout: the second reply waits that long for its slot.
    const longReply = long.send('/chunks 15 /delay 100 take your time');
    await streaming(long);
    const waitingReply = waiting.send('/chunks 2 right after');
    await queued(waiting);
    await Promise.all([longReply, waitingReply]);
    expect(lastReply(long.getSnapshot()).status).toBe('complete');
    expect(lastReply(waiting.getSnapshot())).toMatchObject({ status: 'complete', error: undefined });
  });

  it('never cuts a reply whose events keep coming, however long it lasts', async () => {
    const { manager } = await connect({ slots: new StreamSlots(4), idleTimeoutMs: 300 });
    const session = manager.createSession();
    // About 2.5 s of events 100 ms apart: eight idle bounds long, never 300 ms silent.
    await session.send('/chunks 15 /delay 100 keep talking');
    expect(lastReply(session.getSnapshot())).toMatchObject({ status: 'complete', notice: undefined });
  });

  it('ends a reply that goes silent after its first event as Interrupted, with Resume; re-attaching takes a slot too', async () => {
    const slots = new StreamSlots(1);
    const silentOnes = await connect({ slots, idleTimeoutMs: 300 });
    const silent = silentOnes.manager.createSession();
    await silent.send('/silent are you still there?');
    const snapshot = silent.getSnapshot();
    const reply = lastReply(snapshot);
    expect(snapshot.status).toBe('interrupted');
    expect(reply).toMatchObject({ status: 'interrupted', taskId: expect.any(String) });
    expect(reply.notice).toMatch(/sent nothing for 0\.3 s.*agentForge\.streamIdleTimeoutMs.*Resume/);
    // The task still runs on the agent: only the client stopped listening.
    expect((await silentOnes.client.getTask(reply.taskId!)).state).toBe('submitted');
    expect(silentOnes.slots.streaming).toBe(0);

    // Another client of the page holds the one slot; Resume waits for it.
    const holderOnes = await connect({ slots, idleTimeoutMs: 0 });
    const holder = holderOnes.manager.createSession();
    void holder.send('/silent holding the slot');
    await streaming(holder);
    const resumed = silent.resume();
    await queued(silent);
    expect(silentOnes.sent.filter(s => s.method === 'SubscribeToTask')).toEqual([]);
    holder.stop();
    await resumed;
    expect(silentOnes.sent.filter(s => s.method === 'SubscribeToTask')).toHaveLength(1);
    expect(lastReply(silent.getSnapshot()).status).toBe('interrupted');
  });
});
