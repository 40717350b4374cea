import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import type { AgentMessage, AgentMessageStatus, PlanStepStatus } from '../../sessions/model';
import { AgentMessageView } from './AgentMessageView';

// A stored record's statuses are data: names that a plain object answers to
// through its prototype are unknown statuses like any other (no chip, steps
// pending), not a function handed to the translation.
describe('AgentMessageView with statuses it does not know', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('renders a reply whose status is %s', async status => {
    const message: AgentMessage = {
      id: 'a1',
      role: 'agent',
      createdAt: 0,
      text: 'The reply',
      status: status as AgentMessageStatus,
      plan: { title: 'Plan', steps: [{ id: 's1', title: 'The step', status: status as PlanStepStatus }] },
    };
    await renderInTestApp(
      <AgentMessageView
        message={message}
        agentName="Agent"
        imageAllowedHosts={[]}
        isLast
        onRetry={jest.fn()}
        onResume={jest.fn()}
        onRespond={jest.fn()}
      />,
    );
    expect(screen.getByText('The reply')).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'This message could not be shown' })).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(/native code|function|\[object/);
  });
});
