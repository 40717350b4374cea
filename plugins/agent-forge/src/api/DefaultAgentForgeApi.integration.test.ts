/**
 * @jest-environment node
 */
import { mockApis } from '@backstage/test-utils';
import { startDemoAgent, type DemoAgent } from '@internal/demo-agent';
import { InMemorySessionRepository } from '../sessions/persistence/InMemorySessionRepository';
import { SessionManager } from '../sessions/SessionManager';
import { lastReply } from '../__testUtils__/demoAgentHarness';
import { startPathProxy } from '../__testUtils__/pathProxy';
import { DefaultAgentForgeApi } from './DefaultAgentForgeApi';

describe('DefaultAgentForgeApi through the Backstage proxy', () => {
  let agent: DemoAgent;
  let proxy: Awaited<ReturnType<typeof startPathProxy>>;

  beforeAll(async () => {
    agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 } });
    proxy = await startPathProxy({
      prefix: '/api/proxy/agent-forge/agent',
      target: agent.url,
      inject: { 'x-agent-secret': 'server-side-only' },
    });
  });
  afterAll(async () => {
    await proxy.close();
    await agent.close();
  });

  it('finds the proxy with discoveryApi, sends every request through fetchApi to it, and reaches the agent', async () => {
    const requested: Array<{ url: string; headers: Headers }> = [];
    const api = new DefaultAgentForgeApi({
      configApi: mockApis.config({ data: { agentForge: { proxyPath: '/agent-forge/agent' } } }),
      discoveryApi: { getBaseUrl: async (pluginId: string) => `${proxy.url}/api/${pluginId}` },
      // Backstage's fetchApi adds the user's identity for backend requests.
      fetchApi: {
        fetch: (input: RequestInfo | URL, init?: RequestInit) => {
          const headers = new Headers(init?.headers);
          headers.set('Authorization', 'Bearer backstage-user-token');
          requested.push({ url: String(input), headers });
          return fetch(input, { ...init, headers });
        },
      },
    });
    const manager = new SessionManager({
      getClient: () => api.getClient(),
      repository: new InMemorySessionRepository(),
    });
    const session = manager.createSession();
    await session.send('/chunks 4 through the proxy');

    expect(lastReply(session.getSnapshot())).toMatchObject({ status: 'complete' });
    // The card advertises the agent's own address; the client used the proxy.
    expect(requested.length).toBeGreaterThan(1);
    expect(requested.every(r => r.url.startsWith(`${proxy.url}/api/proxy/agent-forge/agent/`))).toBe(true);
    expect(requested.every(r => !r.headers.has('x-agent-secret'))).toBe(true);
    expect(proxy.seen.map(s => s.path)).toContain('/api/proxy/agent-forge/agent/.well-known/agent-card.json');
    expect(proxy.seen.every(s => s.headers.authorization === 'Bearer backstage-user-token')).toBe(true);
    manager.dispose();
  });
});
