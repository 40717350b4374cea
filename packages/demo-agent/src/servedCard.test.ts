/*
 * The card options of startDemoAgent: `cardTransform` rewrites what the card
 * paths serve (v1.0 and the v0.3 card the SDK's compat router derives), and
 * `cardVersion: '0.3'` serves the v0.3 card whatever the client asks for.
 */
import { startDemoAgent, type DemoAgent } from './server';
import type { CardVersion } from './servedCard';

async function card(agent: DemoAgent, path: string, version?: string) {
  const response = await fetch(`${agent.url}/.well-known/${path}`, {
    headers: version ? { 'A2A-Version': version } : {},
  });
  return response.json();
}

describe('served card options', () => {
  it('transforms the v1.0 card and the derived v0.3 card, telling which', async () => {
    const seen: CardVersion[] = [];
    const agent = await startDemoAgent({
      port: 0,
      cardTransform: (served, version) => {
        seen.push(version);
        return { ...served, name: `rewritten ${version}`, url: '/relative' };
      },
    });
    try {
      const v1 = await card(agent, 'agent-card.json', '1.0');
      expect(v1.name).toBe('rewritten 1.0');
      expect(v1.supportedInterfaces[0].url).toBe(`${agent.url}/a2a/jsonrpc`);
      const legacy = await card(agent, 'agent.json');
      // The compat router derived it (preferredTransport is v0.3 only).
      expect(legacy).toMatchObject({
        name: 'rewritten 0.3',
        url: '/relative',
        preferredTransport: 'JSONRPC',
      });
      expect(seen).toEqual(['1.0', '0.3']);
    } finally {
      await agent.close();
    }
  });

  it("serves the v0.3 card to a v1.0 client with cardVersion '0.3'", async () => {
    const agent = await startDemoAgent({ port: 0, cardVersion: '0.3' });
    try {
      const served = await card(agent, 'agent-card.json', '1.0');
      expect(served).toMatchObject({
        protocolVersion: '0.3',
        url: `${agent.url}/a2a/jsonrpc`,
      });
    } finally {
      await agent.close();
    }
  });
});
