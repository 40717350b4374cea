import { useState } from 'react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import type { ExecutionPlan, PlanStepStatus, ToolCall } from '../../sessions/model';
import { ExecutionPlanPanel, ExecutionPlanPanelProps } from './ExecutionPlanPanel';

// Counts renders of the panel (it calls the hook once per render) without
// changing what the hook does.
jest.mock('@backstage/core-plugin-api/alpha', () => {
  const actual = jest.requireActual('@backstage/core-plugin-api/alpha');
  return { ...actual, useTranslationRef: jest.fn(actual.useTranslationRef) };
});
const useTranslationRefMock = useTranslationRef as jest.MockedFunction<typeof useTranslationRef>;

const PLAN: ExecutionPlan = {
  title: 'Answer the question',
  steps: [
    { id: 's1', title: 'Search docs', status: 'completed' },
    { id: 's2', title: 'Draft answer', status: 'in_progress' },
    { id: 's3', title: 'Review', status: 'pending' },
    { id: 's4', title: 'Publish', status: 'failed' },
  ],
};

const NEXT_PLAN: ExecutionPlan = {
  steps: PLAN.steps.map(step => (step.id === 's2' ? { ...step, status: 'completed' } : step)),
};

function toggle() {
  return screen.getByRole('button', { name: /Execution plan/ });
}

/** Renders the panel; `update` re-renders it with other props. */
async function renderPanel(props: ExecutionPlanPanelProps) {
  const result = await renderInTestApp(<ExecutionPlanPanel {...props} />);
  return {
    ...result,
    update: (next: ExecutionPlanPanelProps) => result.rerender(<ExecutionPlanPanel {...next} />),
  };
}

describe('ExecutionPlanPanel', () => {
  it('is a region named "Execution plan" showing the progress', async () => {
    await renderPanel({ plan: PLAN, streaming: false });
    const region = screen.getByRole('region', { name: 'Execution plan' });
    expect(within(region).getByText('1 of 4 steps done')).toBeInTheDocument();
  });

  it('is expanded while streaming and collapses when the stream ends', async () => {
    const { update } = await renderPanel({ plan: PLAN, streaming: true });
    expect(toggle()).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('Draft answer')).toBeVisible();

    update({ plan: NEXT_PLAN, streaming: false });
    expect(toggle()).toHaveAttribute('aria-expanded', 'false');
  });

  it('starts collapsed for a finished reply, its steps not even rendered (a long history has many)', async () => {
    await renderPanel({ plan: PLAN, streaming: false });
    expect(toggle()).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByText('Draft answer')).not.toBeInTheDocument();
    expect(toggle()).toHaveAttribute('aria-controls', expect.any(String));
  });

  it('stays open after the stream ends when the user opened it', async () => {
    const user = userEvent.setup();
    const { update } = await renderPanel({ plan: PLAN, streaming: true });
    await user.click(toggle()); // closes
    await user.click(toggle()); // opens again: an explicit choice
    expect(toggle()).toHaveAttribute('aria-expanded', 'true');

    update({ plan: NEXT_PLAN, streaming: false });
    expect(toggle()).toHaveAttribute('aria-expanded', 'true');
  });

  it('stays open when the user opened a finished reply and a new stream starts and ends', async () => {
    const user = userEvent.setup();
    const { update } = await renderPanel({ plan: PLAN, streaming: false });
    await user.click(toggle());
    update({ plan: PLAN, streaming: true });
    update({ plan: NEXT_PLAN, streaming: false });
    expect(toggle()).toHaveAttribute('aria-expanded', 'true');
  });

  it('stays closed while streaming when the user closed it', async () => {
    const user = userEvent.setup();
    const { update } = await renderPanel({ plan: PLAN, streaming: true });
    await user.click(toggle());
    expect(toggle()).toHaveAttribute('aria-expanded', 'false');

    update({ plan: NEXT_PLAN, streaming: true });
    expect(toggle()).toHaveAttribute('aria-expanded', 'false');
    update({ plan: NEXT_PLAN, streaming: false });
    expect(toggle()).toHaveAttribute('aria-expanded', 'false');
  });

  it('can be toggled with the keyboard', async () => {
    const user = userEvent.setup();
    await renderPanel({ plan: PLAN, streaming: false });
    await user.tab();
    expect(toggle()).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(toggle()).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard(' ');
    expect(toggle()).toHaveAttribute('aria-expanded', 'false');
  });

  it('gives every step a status label, not only an icon colour', async () => {
    await renderPanel({ plan: PLAN, streaming: true });
    const items = within(screen.getByRole('region', { name: 'Execution plan' })).getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      'Done: Search docs',
      'In progress: Draft answer',
      'Pending: Review',
      'Failed: Publish',
    ]);
    // The step in progress shows a spinner; the others do not.
    expect(within(items[1]).getByRole('progressbar', { hidden: true })).toBeInTheDocument();
    expect(within(items[0]).queryByRole('progressbar', { hidden: true })).not.toBeInTheDocument();
  });

  it('lists earlier plan versions under a "Plan history" disclosure', async () => {
    const user = userEvent.setup();
    const v1: ExecutionPlan = { steps: [{ id: 'a', title: 'Guess', status: 'completed' }] };
    const v2: ExecutionPlan = {
      steps: [
        { id: 'a', title: 'Look up the API', status: 'completed' },
        { id: 'b', title: 'Call it', status: 'pending' },
      ],
    };
    await renderPanel({ plan: PLAN, history: [v1, v2], streaming: true });
    const history = screen.getByRole('button', { name: 'Plan history' });
    expect(history).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('list', { name: 'Version 1' })).not.toBeInTheDocument();

    await user.click(history);
    expect(history).toHaveAttribute('aria-expanded', 'true');
    const first = screen.getByRole('list', { name: 'Version 1' });
    const second = screen.getByRole('list', { name: 'Version 2' });
    expect(within(first).getAllByRole('listitem').map(i => i.textContent)).toEqual(['Done: Guess']);
    expect(within(second).getAllByRole('listitem').map(i => i.textContent)).toEqual([
      'Done: Look up the API',
      'Pending: Call it',
    ]);
  });

  it('has no history disclosure without earlier versions', async () => {
    await renderPanel({ plan: PLAN, history: [], streaming: true });
    expect(screen.queryByRole('button', { name: 'Plan history' })).not.toBeInTheDocument();
  });

  it('announces the running tool and lists finished tool calls', async () => {
    const running: ToolCall = { callId: 'c2', name: 'search_docs', status: 'running' };
    const tools: ToolCall[] = [
      { callId: 'c1', name: 'fetch_page', agent: 'web-agent', status: 'completed', result: '3 pages fetched' },
      running,
    ];
    await renderPanel({ plan: PLAN, tools, currentTool: running, streaming: true });
    expect(screen.getByRole('status')).toHaveTextContent('Running: search_docs');

    const finished = screen.getByRole('list', { name: 'Tool activity' });
    const items = within(finished).getAllByRole('listitem');
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveTextContent('fetch_page');
    expect(items[0]).toHaveTextContent('web-agent');
    expect(items[0]).toHaveTextContent('3 pages fetched');
  });

  it('shows tool activity without a plan, and no running tool once it finished', async () => {
    const { update } = await renderPanel({
      tools: [{ callId: 'c1', name: 'search_docs', status: 'running' }],
      streaming: true,
    });
    expect(screen.getByRole('status')).toHaveTextContent('Running: search_docs');

    update({ tools: [{ callId: 'c1', name: 'search_docs', status: 'completed', result: 'ok' }], streaming: false });
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    expect(screen.getByRole('region', { name: 'Execution plan' })).toHaveTextContent('search_docs');
  });

  it('shows that a plan is on its way while loading', async () => {
    await renderPanel({ streaming: true, loading: true });
    expect(screen.getByRole('region', { name: 'Execution plan' })).toHaveTextContent('Waiting for the plan…');
  });

  it('renders nothing without a plan, tools or loading', async () => {
    await renderPanel({ streaming: false, tools: [] });
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('renders agent text as text, never as markup', async () => {
    const { container } = await renderPanel({
      plan: { title: '<b>bold</b>', steps: [{ id: 'x', title: '<img src=x onerror="alert(1)">', status: 'pending' }] },
      tools: [{ callId: 'c', name: '<script>alert(1)</script>', status: 'completed', result: '<a href="javascript:x">go</a>' }],
      streaming: true,
    });
    expect(container.querySelector('img, script, b, a')).toBeNull();
    expect(screen.getByText('<img src=x onerror="alert(1)">')).toBeInTheDocument();
    expect(screen.getByText('<a href="javascript:x">go</a>')).toBeInTheDocument();
  });

  it('does not re-render when its props are equal', async () => {
    const user = userEvent.setup();
    const tools: ToolCall[] = [{ callId: 'c1', name: 'search_docs', status: 'completed' }];
    function Harness() {
      const [count, setCount] = useState(0);
      const [streaming, setStreaming] = useState(true);
      return (
        <>
          <button onClick={() => setCount(count + 1)}>Parent render {count}</button>
          <button onClick={() => setStreaming(false)}>End stream</button>
          <ExecutionPlanPanel plan={PLAN} tools={tools} streaming={streaming} />
        </>
      );
    }
    await renderInTestApp(<Harness />);
    const before = useTranslationRefMock.mock.calls.length;

    await user.click(screen.getByRole('button', { name: /Parent render/ }));
    expect(screen.getByRole('button', { name: 'Parent render 1' })).toBeInTheDocument();
    expect(useTranslationRefMock.mock.calls.length).toBe(before);

    // Control: a changed prop does re-render it (so the count above measures renders).
    await user.click(screen.getByRole('button', { name: 'End stream' }));
    expect(useTranslationRefMock.mock.calls.length).toBeGreaterThan(before);
  });

  // A stored step's status is data: names that a plain object answers to
  // through its prototype are unknown, so pending.
  it.each(['constructor', 'toString', '__proto__'])('shows a step whose status is %s as pending', async status => {
    await renderPanel({
      plan: { steps: [{ id: 's1', title: 'Odd step', status: status as PlanStepStatus }] },
      streaming: true,
    });
    const step = screen.getByText('Odd step').closest('li')!;
    expect(step).toHaveTextContent(/^Pending: Odd step$/);
  });
});
