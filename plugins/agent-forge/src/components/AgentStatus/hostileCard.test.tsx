import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { identityApiRef } from '@backstage/core-plugin-api';
import { mockApis, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { startDemoAgent, type DemoAgent } from '@internal/demo-agent';
import { agentForgeApiRef, DefaultAgentForgeApi } from '../../api';
import { AgentForgePage } from '../AgentForgePage';

// A whole Backstage page in jsdom renders slowly.
jest.setTimeout(30_000);

/** Objects, arrays and numbers where the card's strings belong (JSON, so own "__proto__" keys too). */
const JUNK_FIELDS = JSON.parse(`{
  "name": {"toString": 1, "valueOf": 1},
  "description": ["not", {"a": "string"}],
  "version": 42,
  "documentationUrl": {"href": "javascript:alert(1)"},
  "provider": "Example Org",
  "capabilities": {"streaming": "yes"},
  "skills": [
    {"id": "odd", "name": {"__proto__": {"x": 1}}, "description": {"text": "d"}, "examples": [{"prompt": "x"}, "Ask me something odd"], "tags": "tag"},
    null,
    "a skill as a string",
    {"id": {"nested": true}, "name": "Plain skill", "description": "Still shown", "examples": "not a list", "tags": [1, "kept"]}
  ]
}`);

describe('a card with objects where strings belong', () => {
  let agent: DemoAgent;

  beforeAll(async () => {
    agent = await startDemoAgent({
      port: 0,
      defaults: { delayMs: 0 },
      cardTransform: card => ({ ...card, ...JUNK_FIELDS }),
    });
  });
  afterAll(() => agent.close());

  it('renders the page and the card details, showing what is well-typed', async () => {
    const api = new DefaultAgentForgeApi({
      configApi: mockApis.config({ data: { agentForge: { baseUrl: agent.url } } }),
      discoveryApi: mockApis.discovery(),
      fetchApi: { fetch: (input, init) => fetch(input, init) },
    });
    await renderInTestApp(
      <TestApiProvider apis={[[agentForgeApiRef, api], [identityApiRef, mockApis.identity()]]}>
        <AgentForgePage />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Agent · Connected', undefined, { timeout: 10000 })).toBeInTheDocument();
    // The one well-typed example is offered as a suggestion.
    expect(screen.getByRole('button', { name: 'Ask me something odd' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Agent details' }));
    const details = await screen.findByRole('dialog', { name: 'Agent details' });
    const skills = within(details).getByRole('list', { name: 'Agent skills' });
    expect(within(skills).getAllByRole('listitem')).toHaveLength(2);
    expect(within(skills).getByText('odd')).toBeInTheDocument();
    expect(within(skills).getByText('Plain skill')).toBeInTheDocument();
    expect(within(skills).getByText('Still shown')).toBeInTheDocument();
    expect(within(details).queryByText(/Version/)).not.toBeInTheDocument();
    expect(within(details).queryByText('Streaming')).not.toBeInTheDocument();
  });
});
