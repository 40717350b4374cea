import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { identityApiRef } from '@backstage/core-plugin-api';
import { mockApis, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { startDemoAgent, type DemoAgent } from '@internal/demo-agent';
import { agentForgeApiRef, DefaultAgentForgeApi } from '../../api';
import { AgentForgePage } from './AgentForgePage';

// A whole Backstage page in jsdom renders slowly; the agent itself answers at once.
jest.setTimeout(30_000);

describe('AgentForgePage', () => {
  let agent: DemoAgent;

  beforeAll(async () => {
    agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 } });
  });
  afterAll(() => agent.close());
  beforeEach(() => window.localStorage.clear());

  function renderPage(baseUrl = agent.url) {
    const api = new DefaultAgentForgeApi({
      configApi: mockApis.config({ data: { agentForge: { baseUrl } } }),
      discoveryApi: mockApis.discovery(),
      fetchApi: { fetch: (input, init) => fetch(input, init) },
    });
    return renderInTestApp(
      <TestApiProvider apis={[[agentForgeApiRef, api], [identityApiRef, mockApis.identity()]]}>
        <AgentForgePage />
      </TestApiProvider>,
    );
  }

  it('connects to the agent, sends a message and shows the streamed reply', async () => {
    await renderPage();
    expect(await screen.findByText(/Demo Agent · Connected/, undefined, { timeout: 10000 })).toBeInTheDocument();
    const sidebar = screen.getByRole('navigation', { name: 'Chat sessions' });

    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), '/chunks 5 hello from the test{Enter}');

    const log = await screen.findByRole('log', { name: 'Conversation' });
    await within(log).findByRole('heading', { name: /Demo answer — turn 1/ }, { timeout: 10000 });
    expect(within(log).getByText('/chunks 5 hello from the test')).toBeInTheDocument();
    expect(within(log).getByRole('region', { name: 'Execution plan' })).toBeInTheDocument();
    await waitFor(() => expect(within(sidebar).getByText('/chunks 5 hello from the test')).toBeInTheDocument());
  });

  it('warns when the browser refuses storage, and still chats (kept in memory)', async () => {
    // Refuse the plugin's writes only: Backstage's own language selector
    // writes to localStorage unguarded and would fail the page by itself.
    const setItem = Storage.prototype.setItem;
    jest.spyOn(Storage.prototype, 'setItem').mockImplementation(function refuse(this: Storage, key, value) {
      if (key.startsWith('agent-forge')) throw new DOMException('The operation is insecure.', 'SecurityError');
      setItem.call(this, key, value);
    });
    try {
      await renderPage();
      expect(await screen.findByText(/Chats are not saved in this browser/, undefined, { timeout: 10000 })).toBeInTheDocument();
      await screen.findByText(/Demo Agent · Connected/, undefined, { timeout: 10000 });
      await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), '/chunks 3 still works{Enter}');
      const log = await screen.findByRole('log', { name: 'Conversation' });
      await within(log).findByRole('heading', { name: /Demo answer — turn 1/ }, { timeout: 10000 });
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('shows a failed connection with a way to retry', async () => {
    await renderPage('http://127.0.0.1:9');
    expect(await screen.findByText(/Can't connect to the agent/, undefined, { timeout: 10000 })).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Retry' }).length).toBeGreaterThan(0);
  });
});
