import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import type { ChatSession } from '../../sessions/ChatSession';
import type { AgentMessage, ChatMessage, SessionSnapshot, SessionSummary, UserMessage } from '../../sessions/model';
import { AgentForgeTranslationProvider } from '../../translationContext';
import { SessionListItem } from '../SessionsSidebar/SessionListItem';
import { Conversation } from './Conversation';

/**
 * Whatever a message holds (from an agent, from storage, from another tab),
 * rendering it may throw; then that message shows a fallback and the rest of
 * the page goes on. The junk below is what the types forbid and a stored
 * record can still contain.
 */
const junk = <T,>(value: unknown) => value as T;

// React's development build reports every error a boundary catches (and
// jsdom the rethrow it uses for that) on the console; the plugin logs nothing.
beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

const question = (id: string, text: string, createdAt: number): UserMessage => ({ id, role: 'user', text, createdAt });
const reply = (id: string, text: string, createdAt: number): AgentMessage => ({
  id,
  role: 'agent',
  text,
  createdAt,
  status: 'complete',
});

function snapshotOf(messages: ChatMessage[]): SessionSnapshot {
  return {
    id: 's1',
    title: 'Broken rows',
    createdAt: 1,
    updatedAt: 2,
    status: 'idle',
    unread: false,
    messageCount: messages.length,
    messages,
    customTitle: false,
    pruned: false,
  };
}

async function renderConversation(messages: ChatMessage[]) {
  // The session is only called when a button of a row is used; none is here.
  const session = junk<ChatSession>({});
  return renderInTestApp(
    <AgentForgeTranslationProvider>
      <Conversation session={session} snapshot={snapshotOf(messages)} agentName="Agent" imageAllowedHosts={[]} />
    </AgentForgeTranslationProvider>,
  );
}

describe('a message that cannot be rendered', () => {
  it('shows a fallback in its place, with what went wrong and its text, and its neighbours render', async () => {
    await renderConversation([
      question('u1', 'The question before', 1),
      // An agent reply whose notice is an object: "Objects are not valid as a React child".
      { ...reply('a1', 'The broken reply’s text', 2), notice: junk<string>({ html: '<b>not text</b>' }) },
      // A user message whose text is not text.
      { ...question('u2', '', 3), text: junk<string>({ evil: true }) },
      reply('a2', 'The answer after', 4),
    ]);
    const log = screen.getByRole('log', { name: 'Conversation' });
    expect(within(log).getByText('The question before')).toBeInTheDocument();
    expect(within(log).getByText('The answer after')).toBeInTheDocument();

    const broken = within(log).getAllByRole('group', { name: 'This message could not be shown' });
    expect(broken).toHaveLength(2);
    const [brokenReply, brokenQuestion] = broken;
    // The way forward: the text as plain text, and a copy button.
    expect(within(brokenReply).getByText('The broken reply’s text')).toBeInTheDocument();
    expect(within(brokenReply).getByRole('button', { name: 'Copy' })).toBeInTheDocument();
    // What went wrong, in a disclosure, as text.
    const details = brokenReply.querySelector('details')!;
    expect(within(details).getByText('What went wrong')).toBeInTheDocument();
    expect(details).toHaveTextContent(/Objects are not valid as a React child/);
    expect(brokenReply.querySelector('b')).toBeNull();
    // No text to show: no copy button either.
    expect(within(brokenQuestion).queryByRole('button', { name: 'Copy' })).not.toBeInTheDocument();
  });

  it('shows the fallback for a stored form that is not a form, and keeps the page', async () => {
    await renderConversation([
      question('u1', 'Deploy it', 1),
      {
        id: 'a1',
        role: 'agent',
        text: 'Which region?',
        createdAt: 2,
        status: 'input-required',
        form: junk({ title: 'Region', fields: 'not a list' }),
      },
    ]);
    expect(screen.getByText('Deploy it')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'This message could not be shown' })).toHaveTextContent('Which region?');
  });

  it('tries again when the message changes', async () => {
    const broken = { ...reply('a1', 'Reply', 1), notice: junk<string>({}) };
    const { rerender } = await renderConversation([broken]);
    expect(screen.getByRole('group', { name: 'This message could not be shown' })).toBeInTheDocument();
    rerender(
      <AgentForgeTranslationProvider>
        <Conversation
          session={junk<ChatSession>({})}
          snapshot={snapshotOf([{ ...broken, notice: 'Now a notice' }])}
          agentName="Agent"
          imageAllowedHosts={[]}
        />
      </AgentForgeTranslationProvider>,
    );
    expect(screen.queryByRole('group', { name: 'This message could not be shown' })).not.toBeInTheDocument();
    expect(screen.getByText('Now a notice')).toBeInTheDocument();
  });
});

describe('a sidebar row that cannot be rendered', () => {
  const summary = (id: string, title: unknown): SessionSummary => ({
    id,
    title: junk<string>(title),
    createdAt: 1,
    updatedAt: 2,
    status: 'idle',
    unread: false,
    messageCount: 1,
  });

  it('says so, can still be opened and deleted, and the other rows render', async () => {
    const onSelect = jest.fn();
    const onDelete = jest.fn();
    const row = (s: SessionSummary) => (
      <SessionListItem key={s.id} summary={s} active={false} now={3} onSelect={onSelect} onRename={jest.fn()} onDelete={onDelete} />
    );
    await renderInTestApp(
      <AgentForgeTranslationProvider>
        <ul>{[summary('s1', 'First chat'), summary('s2', { not: 'a title' }), summary('s3', 'Third chat')].map(row)}</ul>
      </AgentForgeTranslationProvider>,
    );
    expect(screen.getByRole('button', { name: /First chat/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Third chat/ })).toBeInTheDocument();

    const broken = screen.getByRole('button', { name: 'This chat could not be shown' });
    expect(broken).toHaveAttribute('title', expect.stringMatching(/Objects are not valid as a React child/));
    await userEvent.click(broken);
    expect(onSelect).toHaveBeenCalledWith('s2');
    const brokenRow = broken.closest('li')!;
    await userEvent.click(within(brokenRow).getByRole('button', { name: 'Delete session' }));
    expect(onDelete).toHaveBeenCalledWith('s2');
  });
});
