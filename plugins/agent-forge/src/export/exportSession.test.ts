import type { SessionSnapshot } from '../sessions/model';
import { exportFileName, sessionToJson, sessionToMarkdown } from './exportSession';

const T0 = Date.UTC(2024, 4, 1, 12, 0); // 2024-05-01 12:00 UTC

const SNAPSHOT: SessionSnapshot = {
  id: 'session-1',
  title: 'Deploy the billing service',
  createdAt: T0,
  updatedAt: T0 + 5 * 60_000,
  status: 'idle',
  unread: false,
  messageCount: 4,
  customTitle: false,
  pruned: false,
  contextId: 'ctx-9',
  taskId: 'task-2',
  messages: [
    { id: 'm1', role: 'user', text: 'Deploy billing to prod', createdAt: T0 },
    {
      id: 'm2',
      role: 'agent',
      status: 'input-required',
      createdAt: T0 + 60_000,
      text: 'Which **region**?\n\n```sh\nkubectl get pods\n```',
      taskId: 'task-1',
      plan: {
        title: 'Deployment',
        steps: [
          { id: 's1', title: 'Check the build', status: 'completed' },
          { id: 's2', title: 'Ask for the region', status: 'in_progress' },
          { id: 's3', title: 'Roll out', status: 'pending' },
        ],
      },
      tools: [{ callId: 'c1', name: 'search_docs', agent: 'docs-agent', status: 'completed', result: '2 runbooks' }],
      form: {
        title: 'Region',
        fields: [
          { name: 'region', label: 'Target region', type: 'select', required: true, options: ['eu', 'us'] },
          { name: 'dryRun', label: 'Dry run', type: 'boolean', required: false },
        ],
      },
      formAnswered: true,
      notice: 'I need one more detail.',
    },
    {
      id: 'm3',
      role: 'user',
      text: 'Target region: eu, Dry run: no',
      data: { region: 'eu', dryRun: false },
      createdAt: T0 + 2 * 60_000,
    },
    {
      id: 'm4',
      role: 'agent',
      status: 'failed',
      createdAt: T0 + 3 * 60_000,
      text: 'Rolling out…',
      error: { kind: 'network', message: 'The agent is unreachable.' },
    },
  ],
};

describe('sessionToMarkdown', () => {
  const md = sessionToMarkdown(SNAPSHOT, { agentName: 'Deploy Bot' });

  it('starts with the title as H1', () => {
    expect(md.startsWith('# Deploy the billing service\n')).toBe(true);
  });

  it('has a heading with the author and time per message, in order', () => {
    const headings = md.split('\n').filter(line => line.startsWith('## '));
    expect(headings).toEqual([
      '## You · 2024-05-01 12:00 UTC',
      '## Deploy Bot · 2024-05-01 12:01 UTC',
      '## You · 2024-05-01 12:02 UTC',
      '## Deploy Bot · 2024-05-01 12:03 UTC',
    ]);
    expect(md.indexOf('Deploy billing to prod')).toBeLessThan(md.indexOf('Which **region**?'));
    expect(md.indexOf('Which **region**?')).toBeLessThan(md.indexOf('Rolling out…'));
  });

  it('keeps agent text verbatim', () => {
    expect(md).toContain('Which **region**?\n\n```sh\nkubectl get pods\n```');
  });

  it('writes the plan as a checklist', () => {
    expect(md).toContain(
      [
        '**Execution plan: Deployment**',
        '',
        '- [x] Check the build',
        '- [ ] Ask for the region _(in progress)_',
        '- [ ] Roll out',
      ].join('\n'),
    );
  });

  it('lists tool calls, notices, errors and the form asked', () => {
    expect(md).toContain('- `search_docs` (docs-agent): 2 runbooks');
    expect(md).toContain('> **Notice:** I need one more detail.');
    expect(md).toContain('> **Error:** The agent is unreachable.');
    expect(md).toContain('**Input requested: Region**');
    expect(md).toContain('_Failed_');
  });

  it('shows submitted form values with the labels of the form', () => {
    expect(md).toContain(['**Submitted values**', '', '- **Target region:** eu', '- **Dry run:** No'].join('\n'));
  });

  it('names the agent "Agent" by default and keeps a title on one line', () => {
    const other = sessionToMarkdown({ ...SNAPSHOT, title: 'Line one\n# injected' });
    expect(other.split('\n')[0]).toBe('# Line one # injected');
    expect(other).toContain('## Agent · 2024-05-01 12:01 UTC');
  });
});

describe('sessionToJson', () => {
  it('parses back with the envelope, the session fields and the messages', () => {
    const parsed = JSON.parse(sessionToJson(SNAPSHOT));
    expect(parsed.format).toBe('agent-forge-session');
    expect(parsed.version).toBe(1);
    expect(parsed.session).toEqual({
      id: 'session-1',
      title: 'Deploy the billing service',
      createdAt: SNAPSHOT.createdAt,
      updatedAt: SNAPSHOT.updatedAt,
      status: 'idle',
      messageCount: 4,
      customTitle: false,
      pruned: false,
      contextId: 'ctx-9',
      taskId: 'task-2',
    });
    expect(parsed.messages).toEqual(JSON.parse(JSON.stringify(SNAPSHOT.messages)));
  });

  it('is pretty-printed', () => {
    expect(sessionToJson(SNAPSHOT)).toContain('\n  "format": "agent-forge-session",\n');
  });

  it('includes nothing beyond the snapshot', () => {
    const parsed = JSON.parse(sessionToJson(SNAPSHOT));
    expect(Object.keys(parsed).sort()).toEqual(['format', 'messages', 'session', 'version']);
  });
});

describe('exportFileName', () => {
  it('is a safe slug of the title and the date', () => {
    expect(exportFileName(SNAPSHOT, 'md')).toBe('deploy-the-billing-service-2024-05-01.md');
    expect(exportFileName({ ...SNAPSHOT, title: '../../etc/passwd: Ünïcode «chat»?' }, '.json')).toBe(
      'etc-passwd-unicode-chat-2024-05-01.json',
    );
  });

  it('falls back to "chat" when nothing is left of the title', () => {
    expect(exportFileName({ ...SNAPSHOT, title: '🤖 ???' }, 'md')).toBe('chat-2024-05-01.md');
  });
});
