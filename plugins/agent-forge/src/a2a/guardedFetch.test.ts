/**
 * @jest-environment node
 */
/*
 * Defence in depth behind the endpoint policy: whatever URL the SDK asks
 * for, Backstage's fetchApi (its token, its plugin:// resolution) sees only
 * the agent's endpoints, and a redirect, another URL the agent would choose,
 * is not followed. Real servers, Backstage's real fetchApi.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { backstageFetchApi } from '../__testUtils__/backstageFetch';
import { AgentClient } from './AgentClient';
import { EndpointPolicy, EndpointRefusedError } from './endpointPolicy';
import { AllowedEndpoints, guardedFetch } from './guardedFetch';

/** A server that records every request and answers with `respond`. */
async function server(respond: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: string[] = [];
  const instance = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    respond(req, res);
  });
  await new Promise<void>(resolve => instance.listen(0, '127.0.0.1', resolve));
  const { port } = instance.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>(resolve => {
        instance.closeAllConnections();
        instance.close(() => resolve());
      }),
  };
}

describe('guardedFetch', () => {
  let agent: Awaited<ReturnType<typeof server>>;
  let backend: Awaited<ReturnType<typeof server>>;

  beforeAll(async () => {
    agent = await server((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    backend = await server((_req, res) => res.writeHead(200).end('backend'));
  });
  afterAll(async () => {
    await agent.close();
    await backend.close();
  });
  beforeEach(() => {
    agent.seen.length = 0;
    backend.seen.length = 0;
  });

  function guarded() {
    const { fetchApi, sent } = backstageFetchApi({ backendUrl: backend.url, token: 'user-token' });
    const endpoints = new AllowedEndpoints(
      new EndpointPolicy({ baseUrl: agent.url, mode: 'direct', backendOrigins: [backend.url] }),
    );
    endpoints.allow(`${agent.url}/a2a/jsonrpc`);
    return { fetch: guardedFetch(fetchApi.fetch, endpoints), sent };
  }

  it('passes an allowed endpoint to fetchApi', async () => {
    const { fetch, sent } = guarded();
    const response = await fetch(`${agent.url}/a2a/jsonrpc`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(sent.map(r => r.url)).toEqual([`${agent.url}/a2a/jsonrpc`]);
  });

  it.each([
    ['another path on the agent', (a: string) => `${a}/admin`],
    ['plugin://', () => 'plugin://catalog/entities'],
    ['the backend', (_a: string, b: string) => `${b}/api/catalog/entities`],
    ['a relative URL', () => '/api/catalog/entities'],
    ['the endpoint after ..', (a: string) => `${a}/a2a/jsonrpc/../../admin`],
  ])('refuses %s before fetchApi sees it', async (_name, url) => {
    const { fetch, sent } = guarded();
    await expect(fetch(url(agent.url, backend.url), { method: 'POST', body: '{}' })).rejects.toBeInstanceOf(
      EndpointRefusedError,
    );
    expect(sent).toEqual([]);
    expect(agent.seen).toEqual([]);
    expect(backend.seen).toEqual([]);
  });

  it('does not follow a redirect the agent answers with, and says which key governs it', async () => {
    const redirecting = await server((_req, res) =>
      res.writeHead(302, { location: `${backend.url}/api/catalog/entities` }).end(),
    );
    try {
      const { fetchApi } = backstageFetchApi({ backendUrl: backend.url, token: 'user-token' });
      const connecting = AgentClient.connect({ baseUrl: redirecting.url, fetch: fetchApi.fetch, backendOrigins: [backend.url] });
      await expect(connecting).rejects.toThrow(/redirect.*agentForge\.baseUrl/);
      expect(redirecting.seen).toEqual(['GET /.well-known/agent-card.json']);
      expect(backend.seen).toEqual([]);
    } finally {
      await redirecting.close();
    }
  });
});
