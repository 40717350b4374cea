/**
 * @jest-environment node
 */
import { startDemoAgent, type DemoAgent } from '@internal/demo-agent';
import { AgentClient } from '../a2a/AgentClient';
import type { AgentMessage } from './model';
import { InMemorySessionRepository } from './persistence/InMemorySessionRepository';
import { SessionManager } from './SessionManager';
import { lastReply, snapshotWhere } from '../__testUtils__/demoAgentHarness';
import { startTcpProxy } from '../__testUtils__/tcpProxy';

describe('a dropped stream', () => {
  let agent: DemoAgent;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let streamRequests: number;
  let client: AgentClient;

  beforeEach(async () => {
    agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 } });
    proxy = await startTcpProxy(agent.port);
    streamRequests = 0;
    // Through the proxy: the card's interface URLs are re-rooted onto it.
    client = await AgentClient.connect({
      baseUrl: proxy.url,
      rebaseInterfaces: true,
      fetch: (input, init) => {
        if (typeof init?.body === 'string' && /"SendStreamingMessage"/.test(init.body)) streamRequests++;
        return fetch(input, init);
      },
    });
  });

  afterEach(async () => {
    await proxy.close();
    await agent.close();
  });

  function managerWithFastBackoff() {
    return new SessionManager({
      getClient: async () => client,
      repository: new InMemorySessionRepository(),
      reconnectDelayMs: () => 20,
    });
  }

  it('reconnects to the task, shows that it is reconnecting, and finishes the reply without re-sending', async () => {
    const reference = managerWithFastBackoff().createSession();
    await reference.send('/chunks 150 /delay 5 survive a network drop');
    const fullText = lastReply(reference.getSnapshot()).text;
    streamRequests = 0;

    const manager = managerWithFastBackoff();
    const session = manager.createSession();
    const sending = session.send('/chunks 150 /delay 5 survive a network drop');
    await snapshotWhere(session, s => Boolean(s.taskId) && lastReply(s).text.length > 0);

    proxy.cut();
    const reconnecting = await snapshotWhere(session, s => s.reconnecting !== undefined);
    expect(reconnecting.status).toBe('streaming');
    expect(reconnecting.reconnecting).toEqual({ attempt: 1, maxAttempts: 5 });
    await sending;

    const done = session.getSnapshot();
    expect(done.reconnecting).toBeUndefined();
    expect(lastReply(done)).toMatchObject({ status: 'complete', text: fullText });
    expect(streamRequests).toBe(1);
  });

  it('gives up after the bounded attempts and leaves the reply interrupted, partial text kept', async () => {
    const manager = managerWithFastBackoff();
    const session = manager.createSession();
    const sending = session.send('/chunks 300 /delay 5 the agent goes away');
    const streaming = await snapshotWhere(session, s => Boolean(s.taskId) && lastReply(s).text.length > 0);
    const partial = lastReply(streaming).text;

    proxy.refuse();
    await sending;

    const snapshot = session.getSnapshot();
    const reply = lastReply(snapshot) as AgentMessage;
    expect(snapshot.status).toBe('interrupted');
    expect(reply.status).toBe('interrupted');
    expect(reply.text.startsWith(partial)).toBe(true);
    expect(reply.error?.kind).toBe('network');
    expect(snapshot.messages[0].text).toBe('/chunks 300 /delay 5 the agent goes away');
    expect(streamRequests).toBe(1);

    // The agent comes back: Resume re-attaches to the same task and finishes it.
    proxy.accept();
    await session.resume();
    expect(lastReply(session.getSnapshot())).toMatchObject({ status: 'complete' });
    expect(streamRequests).toBe(1);
  });
});
