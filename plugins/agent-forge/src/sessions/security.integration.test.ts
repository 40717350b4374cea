import { startDemoAgent, type DemoAgent } from '@internal/demo-agent';
import { AgentClient } from '../a2a/AgentClient';
import { LocalStorageSessionRepository } from './persistence/LocalStorageSessionRepository';
import { SessionManager } from './SessionManager';
import { lastReply } from '../__testUtils__/demoAgentHarness';

const TOKEN = 'SECRET-TOKEN-d41d8cd98f00b204';
const PROMPT = '/chunks 5 my private question about payroll';

describe('credentials and user content stay where they belong', () => {
  let agent: DemoAgent;
  const urls: string[] = [];
  const authorizations: string[] = [];
  const consoleCalls: unknown[][] = [];

  beforeAll(async () => {
    agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 } });
    for (const method of ['log', 'info', 'debug', 'warn', 'error'] as const) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleCalls.push(args);
      });
    }
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await agent.close();
  });

  beforeEach(() => window.localStorage.clear());

  it('sends the token only as a header, stores it nowhere, and logs neither it nor the user’s words', async () => {
    // What Backstage's fetchApi does for the proxy: an Authorization header.
    const client = await AgentClient.connect({
      baseUrl: agent.url,
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        headers.set('Authorization', `Bearer ${TOKEN}`);
        urls.push(String(input));
        authorizations.push(headers.get('Authorization') ?? '');
        return fetch(input, { ...init, headers });
      },
    });
    const manager = new SessionManager({
      getClient: async () => client,
      repository: LocalStorageSessionRepository.create({ namespace: 'user:default/alice' }),
    });
    await manager.load();
    const session = manager.createSession();
    await session.send(PROMPT);
    expect(lastReply(session.getSnapshot()).status).toBe('complete');
    manager.dispose();

    expect(authorizations.length).toBeGreaterThan(1);
    expect(authorizations.every(value => value === `Bearer ${TOKEN}`)).toBe(true);
    expect(urls.some(url => url.includes(TOKEN))).toBe(false);

    const stored = Object.keys(window.localStorage).map(key => [key, window.localStorage.getItem(key) ?? '']);
    expect(stored.length).toBeGreaterThan(0);
    for (const [key, value] of stored) {
      expect(key.startsWith('agent-forge:user%3Adefault%2Falice:')).toBe(true);
      expect(value).not.toContain(TOKEN);
      expect(key).not.toContain(TOKEN);
    }
    // The transcript is stored (that is the feature), under the user's key.
    expect(stored.some(([, value]) => value.includes('my private question about payroll'))).toBe(true);

    // Nothing of it reaches the console.
    const printed = JSON.stringify(consoleCalls.map(args => args.map(arg => String(arg))));
    expect(printed).not.toContain(TOKEN);
    expect(printed).not.toContain('my private question about payroll');
  });
});
