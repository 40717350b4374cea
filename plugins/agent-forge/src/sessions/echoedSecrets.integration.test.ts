/**
 * @jest-environment node
 */
/*
 * An agent that echoes the request headers it received (`/hostile headers`)
 * behind a reverse proxy that adds the agent's secret, as the Backstage
 * proxy does: the secret reaches the reply, and must never reach browser
 * storage or an export.
 */
import { startDemoAgent, type DemoAgent } from '@internal/demo-agent';
import { AgentClient } from '../a2a/AgentClient';
import { sessionToJson, sessionToMarkdown } from '../export';
import { lastReply } from '../__testUtils__/demoAgentHarness';
import { managerFor } from '../__testUtils__/faultHelpers';
import { startPathProxy } from '../__testUtils__/pathProxy';
import { InMemorySessionRepository } from './persistence/InMemorySessionRepository';
import type { PersistedSession } from './persistence/records';

const SECRET = 'caipe-secret-0123456789abcdef';
const PREFIX = '/api/proxy/agent-forge/agent';

/** Remembers every record ever written, not only the last. */
class RecordingRepository extends InMemorySessionRepository {
  readonly written: string[] = [];
  async save(session: PersistedSession): Promise<void> {
    this.written.push(JSON.stringify(session));
    return super.save(session);
  }
}

describe.each(['1.0', '0.3'] as const)('a reply echoing the proxy’s secret over A2A %s', protocol => {
  let agent: DemoAgent;
  let proxy: Awaited<ReturnType<typeof startPathProxy>>;

  beforeAll(async () => {
    agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 } });
    proxy = await startPathProxy({ prefix: PREFIX, target: agent.url, inject: { authorization: `Bearer ${SECRET}` } });
  });
  afterAll(async () => {
    await proxy.close();
    await agent.close();
  });

  it('is redacted in what is shown, stored and exported', async () => {
    const client = await AgentClient.connect({ baseUrl: `${proxy.url}${PREFIX}`, protocol, rebaseInterfaces: true });
    const repository = new RecordingRepository();
    const manager = managerFor(async () => client, { repository, streamWriteIntervalMs: 0 });
    await manager.load();
    const session = manager.createSession();

    await session.send('/hostile headers /chunks 4 what did my request look like?');

    const reply = lastReply(session.getSnapshot());
    expect(reply.status).toBe('complete');
    // The agent did see the secret (the proxy added it), and quoted the headers.
    expect(reply.text).toMatch(/authorization: \[redacted\]/i);
    expect(reply.text).toContain('a2a-version');
    expect(reply.text).not.toContain(SECRET);
    expect(repository.written.length).toBeGreaterThan(2);
    expect(repository.written.filter(record => record.includes(SECRET))).toEqual([]);
    expect(sessionToMarkdown(session.getSnapshot())).not.toContain(SECRET);
    expect(sessionToJson(session.getSnapshot())).not.toContain(SECRET);
    manager.dispose();
  });
});
