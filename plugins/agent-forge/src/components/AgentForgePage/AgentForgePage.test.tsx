import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { identityApiRef } from '@backstage/core-plugin-api';
import { mockApis, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { startDemoAgent, type DemoAgent } from '@internal/demo-agent';
import { agentForgeApiRef, DefaultAgentForgeApi } from '../../api';
import { encodeRecord, type PersistedSession } from '../../sessions/persistence/records';
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

  it('opens a big history on a window: a screenful of chats and the latest messages, the rest on request', async () => {
    const identity = mockApis.identity();
    const { userEntityRef } = await identity.getBackstageIdentity();
    const now = Date.now();
    for (let s = 0; s < 60; s++) {
      const messages: PersistedSession['messages'] = Array.from({ length: 100 }, (_, m) => ({
        id: `m-${s}-${m}`,
        role: m % 2 ? ('agent' as const) : ('user' as const),
        text: `${s === 59 ? 'needle ' : ''}message ${m + 1} of chat ${s + 1}`,
        createdAt: now - 1_000_000 + m,
        ...(m % 2 ? { status: 'complete' as const } : {}),
      })) as PersistedSession['messages'];
      const session: PersistedSession = {
        id: `chat-${s}`,
        title: `Chat ${s + 1}`,
        customTitle: true,
        createdAt: now - 1_000_000,
        updatedAt: now - s * 1000,
        status: 'idle',
        messages,
      };
      window.localStorage.setItem(`agent-forge:${encodeURIComponent(userEntityRef)}:session:${session.id}`, encodeRecord(session));
    }
    await renderPage();
    const sidebar = screen.getByRole('navigation', { name: 'Chat sessions' });
    await within(sidebar).findByText('Chat 1', undefined, { timeout: 10000 });
    // jsdom has no layout: the window is a guessed screenful plus overscan, not all 60.
    const shown = within(sidebar).getAllByRole('listitem').length;
    expect(shown).toBeGreaterThan(5);
    expect(shown).toBeLessThan(60);
    expect(within(sidebar).queryByText('Chat 60')).not.toBeInTheDocument();

    // The newest chat is open on its latest 8 messages; earlier ones come 20 at a time.
    const log = screen.getByRole('log', { name: 'Conversation' });
    expect(within(log).getByText('message 100 of chat 1')).toBeInTheDocument();
    expect(within(log).getByText('message 93 of chat 1')).toBeInTheDocument();
    expect(within(log).queryByText('message 92 of chat 1')).not.toBeInTheDocument();
    await userEvent.click(within(log).getByRole('button', { name: 'Show 92 earlier messages' }));
    expect(within(log).getByText('message 73 of chat 1')).toBeInTheDocument();
    expect(within(log).queryByText('message 72 of chat 1')).not.toBeInTheDocument();
    for (const left of [72, 52, 32, 12]) {
      await userEvent.click(within(log).getByRole('button', { name: `Show ${left} earlier messages` }));
    }
    expect(within(log).getByText('message 1 of chat 1')).toBeInTheDocument();
    expect(within(log).queryByRole('button', { name: /earlier message/ })).not.toBeInTheDocument();

    // Search reaches chats outside the window (by their messages), and opening one starts at its latest.
    await userEvent.type(within(sidebar).getByRole('searchbox', { name: 'Search chats' }), 'needle');
    await userEvent.click(await within(sidebar).findByText('Chat 60'));
    // Each session has its own pane: the visible log is chat 60's.
    const log60 = await screen.findByRole('log', { name: 'Conversation' });
    expect(await within(log60).findByText('needle message 100 of chat 60')).toBeInTheDocument();
    expect(within(log60).getByRole('button', { name: 'Show 92 earlier messages' })).toBeInTheDocument();
    expect(screen.getAllByRole('log')).toHaveLength(1);

    // Back to chat 1: its pane was kept, with everything the user had revealed.
    await userEvent.clear(within(sidebar).getByRole('searchbox', { name: 'Search chats' }));
    await userEvent.click(await within(sidebar).findByText('Chat 1'));
    const log1 = await screen.findByRole('log', { name: 'Conversation' });
    expect(log1).toBe(log);
    expect(within(log1).getByText('message 1 of chat 1')).toBeInTheDocument();
  });
});
