/**
 * @jest-environment node
 */
/*
 * The header's connection state follows what the sessions' requests find
 * out, not only the page's first connect: it says "Connected" again once a
 * request reaches the agent, and a send that fails as if the cached card
 * were stale (its endpoint moved: HTTP 404 or 405, connection refused) shows
 * in the header and forgets the cached client, so the user's Retry reads the
 * card again. Nothing is ever re-sent by itself. Real demo agents, the real
 * DefaultAgentForgeApi and SDK.
 */
import { mockApis } from '@backstage/test-utils';
import { startDemoAgent, type DemoAgent } from '@internal/demo-agent';
import { DefaultAgentForgeApi } from '../api/DefaultAgentForgeApi';
import { jsonRpcMethod, lastReply } from '../__testUtils__/demoAgentHarness';
import { managerFor, silenceAgentErrorLogs } from '../__testUtils__/faultHelpers';
import type { JsonObject } from '@backstage/types';

function connectTo(agentForge: JsonObject) {
  const sent: Array<{ url: string; method?: string }> = [];
  const api = new DefaultAgentForgeApi({
    configApi: mockApis.config({ data: { agentForge } }),
    discoveryApi: mockApis.discovery(),
    fetchApi: {
      fetch: (input, init) => {
        sent.push({ url: String(input), method: jsonRpcMethod(typeof init?.body === 'string' ? init.body : '') });
        return fetch(input, init);
      },
    },
  });
  const manager = managerFor(() => api.getClient(), { reconnect: () => api.reconnect() });
  const cardReads = () => sent.filter(r => r.url.endsWith('/.well-known/agent-card.json')).length;
  return { manager, sent, cardReads };
}

describe('the connection state in the header', () => {
  silenceAgentErrorLogs();
  const agents: DemoAgent[] = [];
  afterAll(() => Promise.all(agents.map(started => started.close())));

  async function agent(options: Parameters<typeof startDemoAgent>[0] = {}) {
    const started = await startDemoAgent({ port: 0, defaults: { delayMs: 0 }, ...options });
    agents.push(started);
    return started;
  }

  it('says "Connected" again once a send reaches the agent that was unavailable', async () => {
    const down = await agent({ cardStatus: 503 });
    const { manager } = connectTo({ baseUrl: down.url });
    await manager.connect();
    expect(manager.getSnapshot().connection).toMatchObject({ status: 'error', error: { status: 503 } });

    down.setCardStatus(undefined);
    const session = manager.createSession();
    await session.send('/chunks 2 are you back?');
    expect(lastReply(session.getSnapshot()).status).toBe('complete');
    expect(manager.getSnapshot().connection).toMatchObject({ status: 'connected', card: { name: 'Demo Agent' } });
    manager.dispose();
  });

  it('a card whose endpoint moved: the refused connection shows in the header, and Retry reads the card again', async () => {
    const moved = await agent();
    // The card sends clients to another host of the agent's, until that host goes away.
    let endpoint = `${moved.url}/a2a/jsonrpc`;
    const front = await agent({
      cardTransform: card => ({
        ...card,
        supportedInterfaces: (card.supportedInterfaces as Array<Record<string, unknown>>).map(i => ({ ...i, url: endpoint })),
      }),
    });
    const { manager, sent, cardReads } = connectTo({ baseUrl: front.url, allowedInterfaceOrigins: [moved.url] });
    await manager.connect();
    const session = manager.createSession();
    await session.send('/chunks 2 first');
    expect(lastReply(session.getSnapshot()).status).toBe('complete');
    expect(cardReads()).toBe(1);

    await moved.kill();
    endpoint = `${front.url}/a2a/jsonrpc`;
    await session.send('/chunks 2 second');
    expect(lastReply(session.getSnapshot())).toMatchObject({ status: 'failed', error: { kind: 'network' } });
    // Not "Connected" while every send fails.
    expect(manager.getSnapshot().connection).toMatchObject({ status: 'error', error: { kind: 'network' } });
    // Nothing was sent again by itself.
    expect(sent.filter(r => r.method === 'SendStreamingMessage')).toHaveLength(2);
    expect(cardReads()).toBe(1);

    await session.retry();
    expect(lastReply(session.getSnapshot())).toMatchObject({ status: 'complete' });
    expect(cardReads()).toBe(2);
    expect(sent[sent.length - 1].url.startsWith(front.url)).toBe(true);
    expect(manager.getSnapshot().connection).toMatchObject({ status: 'connected' });
    manager.dispose();
  });

  it('an HTTP 404 from the endpoint shows in the header and the next send reads the card again', async () => {
    const served = await agent();
    const { manager, cardReads } = connectTo({ baseUrl: served.url });
    await manager.connect();
    const gone = manager.createSession();
    // /status 404: the endpoint answers like one that no longer exists.
    await gone.send('/status 404 is the endpoint still here?');
    expect(lastReply(gone.getSnapshot())).toMatchObject({ status: 'failed', error: { status: 404 } });
    expect(manager.getSnapshot().connection).toMatchObject({ status: 'error', error: { status: 404 } });
    expect(cardReads()).toBe(1);

    const next = manager.createSession();
    await next.send('/chunks 2 and now?');
    expect(lastReply(next.getSnapshot()).status).toBe('complete');
    expect(cardReads()).toBe(2);
    expect(manager.getSnapshot().connection).toMatchObject({ status: 'connected' });
    manager.dispose();
  });
});
