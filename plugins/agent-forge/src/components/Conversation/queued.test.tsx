import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { identityApiRef } from '@backstage/core-plugin-api';
import { mockApis, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { startDemoAgent, type DemoAgent } from '@internal/demo-agent';
import { agentForgeApiRef, DefaultAgentForgeApi } from '../../api';
import { AgentForgePage } from '../AgentForgePage';

// A whole Backstage page in jsdom renders slowly (and the box may be busy).
jest.setTimeout(60_000);

/** Puts the text into the composer and sends it (pasting: typing key by key is slow in jsdom). */
async function sendMessage(text: string) {
  await userEvent.click(screen.getByRole('textbox', { name: 'Message' }));
  await userEvent.paste(text);
  await userEvent.keyboard('{Enter}');
}

describe('a reply waiting for a free stream', () => {
  let agent: DemoAgent;

  beforeAll(async () => {
    agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 } });
  });
  afterAll(() => agent.close());

  it('shows "Queued" in the reply and in its sidebar row until it is sent', async () => {
    const api = new DefaultAgentForgeApi({
      configApi: mockApis.config({ data: { agentForge: { baseUrl: agent.url, maxStreamsPerOrigin: 1 } } }),
      discoveryApi: mockApis.discovery(),
      fetchApi: { fetch: (input, init) => fetch(input, init) },
    });
    await renderInTestApp(
      <TestApiProvider apis={[[agentForgeApiRef, api], [identityApiRef, mockApis.identity()]]}>
        <AgentForgePage />
      </TestApiProvider>,
    );
    await screen.findByText(/Demo Agent · Connected/, undefined, { timeout: 10000 });
    const sidebar = screen.getByRole('navigation', { name: 'Chat sessions' });

    // /silent holds the one stream the page may open to the agent.
    await sendMessage('/silent first');
    await waitFor(() => expect(within(sidebar).getByRole('img', { name: 'Streaming' })).toBeInTheDocument(), { timeout: 10000 });
    await userEvent.click(screen.getByRole('button', { name: 'New chat' }));
    await sendMessage('/chunks 2 second');

    const log = await screen.findByRole('log', { name: 'Conversation' });
    expect(await within(log).findByText('Queued: waiting for another reply to finish', undefined, { timeout: 10000 })).toBeInTheDocument();
    const secondRow = within(sidebar).getAllByRole('listitem').find(row => row.textContent?.includes('second'))!;
    expect(within(secondRow).getByText('Queued')).toBeInTheDocument();

    // The first reply stopped: the second is sent, and answered.
    await userEvent.click(within(sidebar).getByRole('button', { name: /silent first/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(within(secondRow).queryByText('Queued')).not.toBeInTheDocument(), { timeout: 10000 });
    await userEvent.click(within(sidebar).getByRole('button', { name: /chunks 2 second/ }));
    const secondLog = await screen.findByRole('log', { name: 'Conversation' });
    await within(secondLog).findByRole('heading', { name: /Demo answer — turn 1/ }, { timeout: 20000 });
    expect(within(secondLog).queryByText(/Queued/)).not.toBeInTheDocument();
  });
});
