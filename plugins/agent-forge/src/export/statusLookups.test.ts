import type { AgentMessageStatus, PlanStepStatus, SessionSnapshot } from '../sessions/model';
import { sessionToMarkdown } from './exportSession';

// A stored record's statuses are data: a name that a plain object answers to
// through its prototype must add nothing to the export (not a function's source).
describe('the Markdown export of statuses it does not know', () => {
  it.each(['constructor', 'toString', '__proto__', 'valueOf'])('adds nothing for %s', status => {
    const snapshot: SessionSnapshot = {
      id: 's',
      title: 'Odd statuses',
      createdAt: 0,
      updatedAt: 0,
      status: 'idle',
      unread: false,
      messageCount: 1,
      customTitle: false,
      pruned: false,
      messages: [
        {
          id: 'a',
          role: 'agent',
          createdAt: 0,
          text: 'Reply',
          status: status as AgentMessageStatus,
          plan: { steps: [{ id: 's1', title: 'Step', status: status as PlanStepStatus }] },
        },
      ],
    };
    const markdown = sessionToMarkdown(snapshot);
    expect(markdown).toContain('- [ ] Step\n');
    expect(markdown).not.toMatch(/native code|function|\[object/);
  });
});
