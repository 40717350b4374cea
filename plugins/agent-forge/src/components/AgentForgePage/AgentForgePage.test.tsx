import { act, screen, waitFor, within } from '@testing-library/react';
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

  describe('stored chats with unreadable parts', () => {
    const DAY = 24 * 60 * 60 * 1000;

    async function storageKey(id: string): Promise<string> {
      const { userEntityRef } = await mockApis.identity().getBackstageIdentity();
      return `agent-forge:${encodeURIComponent(userEntityRef)}:session:${id}`;
    }

    /** A chat as another build, a hand edit or a hostile extension may have left it. */
    function junkRecord(id: string, title: string, updatedAt: number): string {
      const reply = { role: 'agent', createdAt: updatedAt - 10, taskId: 't' };
      const messages = [
        { id: `${id}-u1`, role: 'user', text: `Question in ${title}`, createdAt: updatedAt - 20 },
        {
          ...reply,
          id: `${id}-a1`,
          text: `Reply with broken parts in ${title}`,
          status: 'complete',
          plan: { title: 'Plan', steps: 'build, test' },
          tools: 'search',
          form: { title: 'Form', fields: 'env' },
          artifacts: { artifactId: 'x', name: 'n', text: 't' },
          error: { kind: 'http', message: { text: 'Bad' } },
          notice: { text: 'Canceled' },
        },
        { ...reply, id: `${id}-a2`, text: `Reply with an unknown status in ${title}`, status: 'thinking', createdAt: 'BIG' },
        { id: `${id}-x`, role: 'system', text: 'not a message' },
        'not even an object',
      ];
      const text = JSON.stringify({ v: 1, session: { id, title, createdAt: updatedAt - 30, updatedAt, status: 'idle', customTitle: true, messages } });
      return text.replace('"BIG"', '1e400').replace(`"id":"${id}-a1"`, `"__proto__":{"polluted":true},"id":"${id}-a1"`);
    }

    it('renders the page with each message that lost a part, and the chat that lost messages, saying so', async () => {
      window.localStorage.setItem(await storageKey('junk'), junkRecord('junk', 'Junk chat', Date.now()));
      await renderPage();

      const log = await screen.findByRole('log', { name: 'Conversation' }, { timeout: 10000 });
      expect(within(log).getByText('Reply with broken parts in Junk chat')).toBeInTheDocument();
      expect(
        within(log).getByText('Part of this message could not be restored: notice, error, plan, tools, form, artifacts.'),
      ).toBeInTheDocument();
      expect(within(log).getByText('Reply with an unknown status in Junk chat')).toBeInTheDocument();
      expect(within(log).getByText('Part of this message could not be restored: status.')).toBeInTheDocument();
      expect(within(log).getByText('2 messages of this chat could not be restored.')).toBeInTheDocument();
      // Interrupted, not a status nobody knows: the way forward is offered.
      expect(within(log).getByRole('button', { name: 'Resume' })).toBeInTheDocument();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it("survives another tab's storage events with junk, and shows what could be read", async () => {
      const now = Date.now();
      await renderPage();
      const sidebar = screen.getByRole('navigation', { name: 'Chat sessions' });
      await screen.findByText(/Demo Agent · Connected/, undefined, { timeout: 10000 });
      await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), '/chunks 2 first{Enter}');
      const log = await screen.findByRole('log', { name: 'Conversation' });
      await within(log).findByRole('heading', { name: /Demo answer — turn 1/ }, { timeout: 10000 });

      const junk = [
        junkRecord('from-other-tab', 'Other tab chat', now + 1000),
        '{"v":1,"session":{"id":"x","messages":[{"id":"m","role":"agent","text":"t","status":"complete","tools":[{"callId":1}]}]}}',
        '{"v":1,"session":null}',
        '{"v":1,"session":',
        '[]',
      ];
      for (const [i, newValue] of junk.entries()) {
        const key = await storageKey(i === 0 ? 'from-other-tab' : `junk-${i}`);
        act(() => {
          window.dispatchEvent(new StorageEvent('storage', { key, newValue, storageArea: window.localStorage }));
        });
      }

      await userEvent.click(await within(sidebar).findByText('Other tab chat'));
      const other = await screen.findByRole('log', { name: 'Conversation' });
      expect(await within(other).findByText('Reply with broken parts in Other tab chat')).toBeInTheDocument();
      expect(within(other).getByText('2 messages of this chat could not be restored.')).toBeInTheDocument();
      // The page goes on working.
      await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), '/chunks 2 still here{Enter}');
      await within(other).findByText('/chunks 2 still here', undefined, { timeout: 10000 });
      // The reply ends before the test does (the agent closes after it).
      await within(other).findByRole('heading', { name: /Demo answer/ }, { timeout: 10000 });
    });

    it('says how many chats retention deleted and why, until dismissed', async () => {
      const now = Date.now();
      for (const [id, age] of [['old-1', 40], ['old-2', 31], ['fresh', 1]] as const) {
        const session: PersistedSession = {
          id,
          title: `Chat ${id}`,
          customTitle: true,
          createdAt: now - age * DAY,
          updatedAt: now - age * DAY,
          status: 'idle',
          messages: [{ id: `${id}-m`, role: 'user', text: `hello ${id}`, createdAt: now - age * DAY }],
        };
        window.localStorage.setItem(await storageKey(id), encodeRecord(session));
      }
      await renderPage();

      expect(await screen.findByText(/Old chats were deleted/, undefined, { timeout: 10000 })).toBeInTheDocument();
      expect(screen.getByText('2 chats were older than 30 days and were deleted.')).toBeInTheDocument();
      expect(window.localStorage.getItem(await storageKey('old-1'))).toBeNull();
      await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
      expect(screen.queryByText(/Old chats were deleted/)).not.toBeInTheDocument();
    });
  });
});
