/**
 * @jest-environment node
 */
/*
 * The agent card's interface URL is the agent's word, not the
 * administrator's. Real demo agents serve hostile cards (v1.0, and v0.3 as a
 * v0.3-only agent serves it); the client is the real one (DefaultAgentForgeApi
 * on the real SDK) behind Backstage's real fetchApi (plugin:// resolution and
 * identity injection), and a real reverse proxy plays the Backstage backend.
 * For every card: nothing is ever sent anywhere but the configured agent (or
 * proxy endpoint), the user's token never leaves for a URL the agent chose,
 * and a refusal says which config key governs it, in the header's
 * connection state and in the reply that could not be sent.
 */
import type { JsonObject } from '@backstage/types';
import { mockApis } from '@backstage/test-utils';
import { startDemoAgent, type CardVersion, type DemoAgent } from '@internal/demo-agent';
import type { ManagerSnapshot } from '../sessions/SessionManager';
import { InMemorySessionRepository } from '../sessions/persistence/InMemorySessionRepository';
import type { AgentMessage } from '../sessions/model';
import { backstageFetchApi } from '../__testUtils__/backstageFetch';
import { lastReply } from '../__testUtils__/demoAgentHarness';
import { managerFor, silenceAgentErrorLogs } from '../__testUtils__/faultHelpers';
import { startPathProxy } from '../__testUtils__/pathProxy';
import { DefaultAgentForgeApi } from './DefaultAgentForgeApi';

const TOKEN = 'backstage-user-token-3f9a';
const PROXY_PREFIX = '/api/proxy/agent-forge/agent';

type Outcome =
  | { works: true }
  /** Sent under the allowed root, but the agent has nothing there. */
  | { works: false; notFound: true }
  | { refusedBy: string };

interface Case {
  name: string;
  /** The interface URL the card advertises; AGENT / BACKEND are replaced. */
  url: string;
  expect: Outcome;
}

interface Setup {
  agent: DemoAgent;
  backend: Awaited<ReturnType<typeof startPathProxy>>;
  /** The card's interface URL for the next connection. */
  setInterfaceUrl(url: string): void;
}

/** Serves `url` as every interface of the card, in the card's own format. */
function rewrite(card: Record<string, unknown>, version: CardVersion, url: string): unknown {
  if (version === '1.0') {
    const interfaces = card.supportedInterfaces as Array<Record<string, unknown>>;
    return { ...card, supportedInterfaces: interfaces.map(i => ({ ...i, url })) };
  }
  // A v0.3-only agent's card: `url`, no v1.0 interfaces embedded.
  return { ...card, url, supportedInterfaces: undefined, additionalInterfaces: undefined };
}

async function setUp(version: CardVersion): Promise<Setup> {
  let interfaceUrl = '';
  const agent = await startDemoAgent({
    port: 0,
    defaults: { delayMs: 0 },
    cardVersion: version === '0.3' ? '0.3' : 'negotiate',
    cardTransform: (card, served) => rewrite(card, served, interfaceUrl),
  });
  const backend = await startPathProxy({ prefix: PROXY_PREFIX, target: agent.url });
  return {
    agent,
    backend,
    setInterfaceUrl: url => {
      interfaceUrl = url.replace('AGENT', agent.url).replace('BACKEND', backend.url);
    },
  };
}

/** Connects (the header's state), then sends one message (the reply), with a fresh client. */
async function attempt(setup: Setup, agentForge: JsonObject) {
  const { fetchApi, discoveryApi, sent } = backstageFetchApi({ backendUrl: setup.backend.url, token: TOKEN });
  const api = new DefaultAgentForgeApi({
    configApi: mockApis.config({ data: { backend: { baseUrl: setup.backend.url }, agentForge } }),
    discoveryApi,
    fetchApi,
  });
  const manager = managerFor(() => api.getClient(), {
    reconnect: () => api.reconnect(),
    repository: new InMemorySessionRepository(),
  });
  const seenBefore = setup.backend.seen.length;
  await manager.connect();
  const connection: ManagerSnapshot['connection'] = manager.getSnapshot().connection;
  const session = manager.createSession();
  await session.send('/chunks 2 is anyone there?');
  const reply = lastReply(session.getSnapshot()) as AgentMessage;
  const headerAfterSend = manager.getSnapshot().connection;
  manager.dispose();
  return { connection, headerAfterSend, reply, sent, backendSaw: setup.backend.seen.slice(seenBefore) };
}

/** What every attempt must show, whatever the card said. */
function expectOnlyAllowed(result: Awaited<ReturnType<typeof attempt>>, allowedRoot: string, tokenExpected: boolean) {
  const outside = result.sent.filter(r => !r.url.startsWith(allowedRoot));
  expect(outside).toEqual([]);
  // The backend (where fetchApi adds the token) saw only the agent's proxy paths.
  expect(result.backendSaw.filter(s => !s.path.startsWith(`${PROXY_PREFIX}/`))).toEqual([]);
  for (const request of result.sent) {
    expect(request.authorization).toBe(tokenExpected ? `Bearer ${TOKEN}` : null);
  }
}

function expectOutcome(result: Awaited<ReturnType<typeof attempt>>, outcome: Outcome) {
  // The card was read, through fetchApi.
  expect(result.sent[0]?.url).toMatch(/\/\.well-known\/agent-card\.json$/);
  if ('refusedBy' in outcome) {
    expect(result.connection).toMatchObject({ status: 'error', error: { kind: 'refused' } });
    expect(result.connection.status === 'error' && result.connection.error.message).toContain(outcome.refusedBy);
    expect(result.reply.status).toBe('failed');
    expect(result.reply.error?.kind).toBe('refused');
    expect(result.reply.error?.message).toContain(outcome.refusedBy);
    // The header still says why after the send: nothing flipped it to "Connected".
    expect(result.headerAfterSend).toMatchObject({ status: 'error', error: { kind: 'refused' } });
    // Nothing but the card was requested.
    expect(result.sent.every(r => r.method === 'GET' && /\/\.well-known\/agent(-card)?\.json$/.test(r.url))).toBe(true);
    return;
  }
  expect(result.connection).toMatchObject({ status: 'connected' });
  if (outcome.works) {
    expect(result.reply.status).toBe('complete');
    expect(result.sent.some(r => r.method === 'POST')).toBe(true);
  } else {
    expect(result.reply).toMatchObject({ status: 'failed', error: { status: 404 } });
  }
}

describe.each<[CardVersion]>([['1.0'], ['0.3']])('a v%s agent card whose interface URL is hostile', version => {
  let setup: Setup;
  silenceAgentErrorLogs();

  beforeAll(async () => {
    setup = await setUp(version);
  });
  afterAll(async () => {
    await setup.backend.close();
    await setup.agent.close();
  });

  describe('direct mode (agentForge.baseUrl is the agent)', () => {
    const cases: Case[] = [
      { name: 'relative, resolved against the card URL', url: '/a2a/jsonrpc', expect: { works: true } },
      { name: 'scheme-relative, another host', url: '//127.0.0.2:9/a2a/jsonrpc', expect: { refusedBy: 'agentForge.allowedInterfaceOrigins' } },
      { name: 'another host', url: 'http://127.0.0.2:9/a2a/jsonrpc', expect: { refusedBy: 'agentForge.allowedInterfaceOrigins' } },
      { name: 'plugin:// (fetchApi would resolve it to the backend)', url: 'plugin://scaffolder/v2/tasks', expect: { refusedBy: 'agentForge.baseUrl' } },
      { name: "the Backstage backend's own API", url: 'BACKEND/api/catalog/entities', expect: { refusedBy: 'agentForge.baseUrl' } },
      { name: 'a data: URL', url: 'data:application/json,{}', expect: { refusedBy: 'agentForge.baseUrl' } },
    ];
    it.each(cases.map(c => [c.name, c] as const))('%s', async (_name, testCase) => {
      setup.setInterfaceUrl(testCase.url);
      const result = await attempt(setup, { baseUrl: setup.agent.url });
      expect(result.sent.length).toBeGreaterThan(0);
      expectOnlyAllowed(result, `${setup.agent.url}/`, false);
      expectOutcome(result, testCase.expect);
    });

    it('another origin is used once it is in agentForge.allowedInterfaceOrigins', async () => {
      // The proxy is another origin that reaches the same agent.
      setup.setInterfaceUrl(`BACKEND${PROXY_PREFIX}/a2a/jsonrpc`);
      const refused = await attempt(setup, { baseUrl: setup.agent.url });
      // ...the backend's origin, even: refused outside the configured path, allow-list or not.
      expectOutcome(refused, { refusedBy: 'agentForge.baseUrl' });
      const other = await startPathProxy({ prefix: '/rpc', target: setup.agent.url });
      try {
        setup.setInterfaceUrl(`${other.url}/rpc/a2a/jsonrpc`);
        const withoutListing = await attempt(setup, { baseUrl: setup.agent.url });
        expectOutcome(withoutListing, { refusedBy: 'agentForge.allowedInterfaceOrigins' });
        expect(other.seen).toEqual([]);
        const listed = await attempt(setup, { baseUrl: setup.agent.url, allowedInterfaceOrigins: [other.url] });
        expectOutcome(listed, { works: true });
        expect(listed.sent.every(r => r.url.startsWith(`${setup.agent.url}/`) || r.url.startsWith(`${other.url}/rpc/`))).toBe(true);
        expect(listed.sent.every(r => r.authorization === null)).toBe(true);
      } finally {
        await other.close();
      }
    });
  });

  describe('direct mode with the agent on the Backstage backend (agentForge.baseUrl under it)', () => {
    const base = `BACKEND${PROXY_PREFIX}`;
    const cases: Case[] = [
      { name: 'under the configured path', url: `${PROXY_PREFIX}/a2a/jsonrpc`, expect: { works: true } },
      { name: 'traversal with ..', url: `${PROXY_PREFIX}/../../../catalog/entities`, expect: { refusedBy: 'agentForge.baseUrl' } },
      { name: 'traversal with %2e%2e', url: `${PROXY_PREFIX}/%2e%2e/%2E%2e/%2e%2e/catalog/entities`, expect: { refusedBy: 'agentForge.baseUrl' } },
      { name: 'traversal with backslashes', url: `${PROXY_PREFIX.replace(/\//g, '\\')}\\..\\..\\..\\catalog\\entities`, expect: { refusedBy: 'agentForge.baseUrl' } },
      { name: 'encoded slashes', url: `${PROXY_PREFIX}/..%2f..%2f..%2fcatalog/entities`, expect: { refusedBy: 'agentForge.baseUrl' } },
      { name: 'another backend plugin', url: 'BACKEND/api/scaffolder/v2/tasks', expect: { refusedBy: 'agentForge.baseUrl' } },
    ];
    it.each(cases.map(c => [c.name, c] as const))('%s', async (_name, testCase) => {
      setup.setInterfaceUrl(testCase.url);
      const baseUrl = base.replace('BACKEND', setup.backend.url);
      const result = await attempt(setup, { baseUrl });
      expect(result.sent.length).toBeGreaterThan(0);
      // The configured agent is on the backend: fetchApi adds the token there, and only there.
      expectOnlyAllowed(result, `${baseUrl}/`, true);
      expectOutcome(result, testCase.expect);
    });
  });

  describe('proxy mode (agentForge.proxyPath): everything goes through the proxy', () => {
    const cases: Case[] = [
      { name: 'relative', url: '/a2a/jsonrpc', expect: { works: true } },
      { name: 'scheme-relative, another host', url: '//127.0.0.2:9/a2a/jsonrpc', expect: { works: true } },
      { name: 'another host', url: 'http://127.0.0.2:9/a2a/jsonrpc', expect: { works: true } },
      { name: "the Backstage backend's origin", url: 'BACKEND/a2a/jsonrpc', expect: { works: true } },
      { name: 'traversal with ..', url: '/../../../catalog/entities', expect: { works: false, notFound: true } },
      { name: 'traversal with %2e%2e', url: 'http://agent/%2e%2e/%2e%2E/catalog/entities', expect: { works: false, notFound: true } },
      { name: 'traversal with backslashes', url: '\\..\\..\\..\\catalog\\entities', expect: { works: false, notFound: true } },
      { name: 'encoded slashes', url: '/..%2f..%2f..%2fcatalog/entities', expect: { refusedBy: 'agentForge.proxyPath' } },
      { name: 'plugin://', url: 'plugin://scaffolder/v2/tasks', expect: { refusedBy: 'agentForge.proxyPath' } },
    ];
    it.each(cases.map(c => [c.name, c] as const))('%s', async (_name, testCase) => {
      setup.setInterfaceUrl(testCase.url);
      const result = await attempt(setup, { proxyPath: '/agent-forge/agent' });
      expect(result.sent.length).toBeGreaterThan(0);
      // The proxy is on the backend: the token goes with every request, to the proxy only.
      expectOnlyAllowed(result, `${setup.backend.url}${PROXY_PREFIX}/`, true);
      expectOutcome(result, testCase.expect);
    });
  });
});
