import type { ContentPart } from '../a2a/types';
import {
  describeFormValues,
  mergePlanStatus,
  parseInputForm,
  parsePlan,
  parsePlanStatusUpdate,
  parseToolNotification,
  stepStatus,
} from './artifacts';
import type { ExecutionPlan, InputForm } from './model';

const data = (value: unknown): ContentPart => ({ type: 'data', data: value });

/** Names every plain object answers to through its prototype. */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('stepStatus', () => {
  it('reads the words agents use, in any case and spelling of the separator', () => {
    expect(stepStatus('In Progress')).toBe('in_progress');
    expect(stepStatus('not-started')).toBe('pending');
    expect(stepStatus(' DONE ')).toBe('completed');
    expect(stepStatus('error')).toBe('failed');
  });

  it.each([...PROTOTYPE_NAMES, '__PROTO__', 'Constructor', 'to-string', 'nonsense', ''])('knows no status %j', word => {
    expect(stepStatus(word)).toBeUndefined();
  });

  it('shows a step with a prototype name as status as pending, and ignores it as an update', () => {
    const steps = PROTOTYPE_NAMES.map((status, i) => ({ id: `s${i}`, title: `Step ${i}`, status }));
    expect(parsePlan([data({ steps })], '')?.steps.map(s => s.status)).toEqual(PROTOTYPE_NAMES.map(() => 'pending'));
    expect(parsePlanStatusUpdate([data({ steps })], '')).toEqual([]);
  });
});

describe('parsePlan', () => {
  it('reads a DataPart with a title and steps', () => {
    const parts = [
      data({
        title: 'Deploy the service',
        steps: [
          { id: 'build', title: 'Build the image', status: 'completed' },
          { id: 'test', title: 'Run the tests', status: 'in_progress' },
          { id: 'ship', title: 'Ship it', status: 'pending' },
        ],
      }),
    ];

    expect(parsePlan(parts, '')).toEqual({
      title: 'Deploy the service',
      steps: [
        { id: 'build', title: 'Build the image', status: 'completed' },
        { id: 'test', title: 'Run the tests', status: 'in_progress' },
        { id: 'ship', title: 'Ship it', status: 'pending' },
      ],
    });
  });

  it('prefers the DataPart over text in the same artifact', () => {
    const parts = [data({ steps: [{ id: 'a', title: 'From data', status: 'done' }] })];

    expect(parsePlan(parts, '- [ ] From text')).toEqual({
      title: undefined,
      steps: [{ id: 'a', title: 'From data', status: 'completed' }],
    });
  });

  it('accepts alternative field names for the list, the step label and the status', () => {
    const parts = [
      data({
        plan: {
          title: 'Nested plan',
          tasks: [
            { content: 'Search the docs', state: 'done' },
            { description: 'Draft the answer', status: 'In Progress' },
            { name: 'Review', status: 'not started' },
            { step: 'Publish', status: 'FAILED' },
            { id: 7, title: 'Numeric id', status: 'running' },
            'A bare string step',
          ],
        },
      }),
    ];

    expect(parsePlan(parts, '')).toEqual({
      title: 'Nested plan',
      steps: [
        { id: 'step-1', title: 'Search the docs', status: 'completed' },
        { id: 'step-2', title: 'Draft the answer', status: 'in_progress' },
        { id: 'step-3', title: 'Review', status: 'pending' },
        { id: 'step-4', title: 'Publish', status: 'failed' },
        { id: '7', title: 'Numeric id', status: 'in_progress' },
        { id: 'step-6', title: 'A bare string step', status: 'pending' },
      ],
    });
  });

  it.each(['todos', 'items'])('reads steps listed under "%s"', key => {
    const parts = [data({ [key]: [{ title: 'Only step', status: 'todo' }] })];

    expect(parsePlan(parts, '')?.steps).toEqual([
      { id: 'step-1', title: 'Only step', status: 'pending' },
    ]);
  });

  it('treats an unknown status as pending and drops steps without a label', () => {
    const parts = [
      data({
        steps: [
          { id: 'x', status: 'completed' },
          null,
          { title: '   ' },
          { title: 'Kept', status: 'exploding' },
        ],
      }),
    ];

    expect(parsePlan(parts, '')?.steps).toEqual([
      { id: 'step-4', title: 'Kept', status: 'pending' },
    ]);
  });

  it('parses a markdown checklist from text when there is no DataPart', () => {
    const text = [
      'Here is my plan:',
      '- [x] Search the docs',
      '- [ ] Draft the answer',
      '* [~] Check links',
      '+ [-] Ask a reviewer',
      '',
      'Let me start.',
    ].join('\n');

    expect(parsePlan([], text)).toEqual({
      steps: [
        { id: 'step-1', title: 'Search the docs', status: 'completed' },
        { id: 'step-2', title: 'Draft the answer', status: 'pending' },
        { id: 'step-3', title: 'Check links', status: 'in_progress' },
        { id: 'step-4', title: 'Ask a reviewer', status: 'in_progress' },
      ],
    });
  });

  it('parses a numbered list with emoji statuses', () => {
    const text = [
      '1. ✅ Gather data',
      '2) ⏳ Analyse it',
      '3. ❌ Upload the report',
      '4. ⬜ Notify the team',
      '5. Plain step',
    ].join('\n');

    expect(parsePlan([], text)?.steps).toEqual([
      { id: 'step-1', title: 'Gather data', status: 'completed' },
      { id: 'step-2', title: 'Analyse it', status: 'in_progress' },
      { id: 'step-3', title: 'Upload the report', status: 'failed' },
      { id: 'step-4', title: 'Notify the team', status: 'pending' },
      { id: 'step-5', title: 'Plain step', status: 'pending' },
    ]);
  });

  it('reads a checklist with Windows line endings and trims the labels', () => {
    expect(parsePlan([], '- [x] Build  \r\n- [ ]   Test\r\n')?.steps).toEqual([
      { id: 'step-1', title: 'Build', status: 'completed' },
      { id: 'step-2', title: 'Test', status: 'pending' },
    ]);
  });

  it('returns undefined for text that is not a list', () => {
    expect(parsePlan([], 'I will look into it.\nNo list here.')).toBeUndefined();
    expect(parsePlan([], '')).toBeUndefined();
  });

  it.each([
    ['a null DataPart', [data(null)]],
    ['a string DataPart', [data('steps')]],
    ['an array DataPart', [data([{ title: 'x' }])]],
    ['steps that are not a list', [data({ steps: 'first, then second' })]],
    ['a DataPart without steps', [data({ title: 'Nothing to do' })]],
    ['a file part', [{ type: 'file', url: 'http://x/plan.md' } as ContentPart]],
  ])('returns undefined and does not throw for %s', (_name, parts) => {
    expect(parsePlan(parts, '')).toBeUndefined();
  });

  it('returns undefined when no step of a DataPart has a usable label', () => {
    const parts = [data({ steps: [null, {}, { title: { nested: true } }, { title: ['x'] }] })];

    expect(parsePlan(parts, '')).toBeUndefined();
  });

  it('truncates over-long labels to 500 characters plus an ellipsis', () => {
    const parts = [data({ title: 't'.repeat(501), steps: [{ id: 'long', title: 's'.repeat(2000) }] })];

    const plan = parsePlan(parts, '');

    expect(plan?.title).toBe(`${'t'.repeat(500)}…`);
    expect(plan?.steps[0].title).toBe(`${'s'.repeat(500)}…`);
  });

  it('keeps a label of exactly 500 characters whole', () => {
    const parts = [data({ steps: [{ title: 'e'.repeat(500) }] })];

    expect(parsePlan(parts, '')?.steps[0].title).toBe('e'.repeat(500));
  });

  it('parses a list line with a huge whitespace run in linear time', () => {
    const line = `- [x] a${' '.repeat(100_000)}b`;

    const started = performance.now();
    const plan = parsePlan([], line);
    const elapsed = performance.now() - started;

    expect(plan?.steps[0].status).toBe('completed');
    expect(plan?.steps[0].title).toBe(`a${' '.repeat(499)}…`);
    // The quadratic regex took ~14 s for this line; linear parsing takes ~1 ms.
    expect(elapsed).toBeLessThan(1000);
  });
});

describe('parsePlanStatusUpdate', () => {
  it('reads status changes by id from a DataPart', () => {
    const parts = [
      data({
        steps: [
          { id: 'test', status: 'completed' },
          { id: 'ship', state: 'running' },
          { id: 'noise', status: 'on fire' },
          'not an object',
        ],
      }),
    ];

    expect(parsePlanStatusUpdate(parts, '')).toEqual([
      { id: 'test', title: undefined, status: 'completed' },
      { id: 'ship', title: undefined, status: 'in_progress' },
    ]);
  });

  it('reads a single step object with an id', () => {
    expect(parsePlanStatusUpdate([data({ id: 'build', status: 'success' })], '')).toEqual([
      { id: 'build', title: undefined, status: 'completed' },
    ]);
  });

  it('reads status changes by title from text', () => {
    expect(parsePlanStatusUpdate([], '- [x] Build the image\n- ⏳ Run the tests')).toEqual([
      { title: 'Build the image', status: 'completed' },
      { title: 'Run the tests', status: 'in_progress' },
    ]);
  });

  it('returns an empty list for input without updates', () => {
    expect(parsePlanStatusUpdate([data({ unrelated: true })], 'no list')).toEqual([]);
  });
});

describe('mergePlanStatus', () => {
  const plan: ExecutionPlan = {
    title: 'Deploy',
    steps: [
      { id: 'build', title: 'Build', status: 'completed' },
      { id: 'test', title: 'Test', status: 'in_progress' },
      { id: 'ship', title: 'Ship', status: 'pending' },
    ],
  };

  it('updates a step by id and keeps the other steps and the title', () => {
    const merged = mergePlanStatus(plan, [{ id: 'test', status: 'completed' }]);

    expect(merged).toEqual({
      title: 'Deploy',
      steps: [
        { id: 'build', title: 'Build', status: 'completed' },
        { id: 'test', title: 'Test', status: 'completed' },
        { id: 'ship', title: 'Ship', status: 'pending' },
      ],
    });
    expect(merged.steps[0]).toBe(plan.steps[0]);
    expect(merged.steps[2]).toBe(plan.steps[2]);
    expect(plan.steps[1].status).toBe('in_progress');
  });

  it('updates a step by title when the update has no id', () => {
    const merged = mergePlanStatus(plan, [{ title: 'Ship', status: 'in_progress' }]);

    expect(merged.steps.map(s => s.status)).toEqual(['completed', 'in_progress', 'in_progress']);
  });

  it('never replaces the plan with a partial list', () => {
    const merged = mergePlanStatus(plan, [{ id: 'ship', status: 'failed' }]);

    expect(merged.steps.map(s => s.id)).toEqual(['build', 'test', 'ship']);
    expect(merged.steps[2].status).toBe('failed');
  });

  it('ignores unknown ids and titles and then returns the same plan object', () => {
    const merged = mergePlanStatus(plan, [
      { id: 'deploy-db', status: 'completed' },
      { title: 'Celebrate', status: 'completed' },
    ]);

    expect(merged).toBe(plan);
  });

  it('returns the same plan object when no status changes', () => {
    expect(mergePlanStatus(plan, [{ id: 'build', status: 'completed' }])).toBe(plan);
    expect(mergePlanStatus(plan, [])).toBe(plan);
  });
});

describe('parseToolNotification', () => {
  const start = data({
    tool: { callId: 'call-1', name: 'search_docs', agent: 'docs-agent', status: 'running' },
  });
  const end = data({
    tool: { callId: 'call-1', name: 'search_docs', agent: 'docs-agent', status: 'completed', result: '3 hits' },
  });

  it('reads a started tool call from a DataPart', () => {
    expect(parseToolNotification([start], '', 'artifact-1', false)).toEqual({
      callId: 'call-1',
      name: 'search_docs',
      agent: 'docs-agent',
      status: 'running',
      result: undefined,
    });
  });

  it('reads a finished tool call with its result', () => {
    expect(parseToolNotification([end], '', 'artifact-2', true)).toEqual({
      callId: 'call-1',
      name: 'search_docs',
      agent: 'docs-agent',
      status: 'completed',
      result: '3 hits',
    });
  });

  it('accepts snake_case fields at the top level of the DataPart', () => {
    const parts = [data({ tool_name: 'jira_search', call_id: 'c-9', source_agent: 'jira' })];

    expect(parseToolNotification(parts, '', 'artifact-3', false)).toEqual({
      callId: 'c-9',
      name: 'jira_search',
      agent: 'jira',
      status: 'running',
      result: undefined,
    });
  });

  it('uses the artifact id as call id when the data has none', () => {
    const parts = [data({ tool: { name: 'search_docs' } })];

    expect(parseToolNotification(parts, '', 'artifact-4', false)?.callId).toBe('artifact-4');
  });

  it('uses the tool name as call id when the artifact id is empty as well', () => {
    const parts = [data({ tool: { name: 'search_docs' } })];

    expect(parseToolNotification(parts, '', '', false)?.callId).toBe('search_docs');
  });

  it('falls back to the first text line as the tool name', () => {
    expect(parseToolNotification([], 'Calling search_docs\nwith query "a2a"', 'artifact-5', false)).toEqual({
      callId: 'artifact-5',
      name: 'Calling search_docs',
      status: 'running',
    });
    expect(parseToolNotification([], 'Calling search_docs', '', true)).toEqual({
      callId: 'Calling search_docs',
      name: 'Calling search_docs',
      status: 'completed',
    });
  });

  it('returns undefined without a name in data or text', () => {
    expect(parseToolNotification([data({ tool: { callId: 'c' } })], '  ', 'artifact-6', false)).toBeUndefined();
  });
});

describe('parseInputForm', () => {
  it('reads a form with text, number, select and boolean fields', () => {
    const parts = [
      { type: 'text', text: 'I need a few details.' } as ContentPart,
      data({
        form: {
          id: 'deploy-form',
          title: 'Deployment settings',
          description: 'Where should it go?',
          submitLabel: 'Deploy',
          fields: [
            { name: 'env', label: 'Environment', type: 'select', options: ['dev', 'prod'], required: true },
            { name: 'replicas', label: 'Replicas', type: 'number', min: 1, max: 10, default: 2 },
            { name: 'confirm', label: 'I am sure', type: 'boolean', default: false },
            { name: 'branch', type: 'text', pattern: '^[a-z-]+$', description: 'Git branch' },
          ],
        },
      }),
    ];

    expect(parseInputForm(parts)).toEqual({
      id: 'deploy-form',
      title: 'Deployment settings',
      description: 'Where should it go?',
      submitLabel: 'Deploy',
      fields: [
        { name: 'env', label: 'Environment', type: 'select', required: true, options: ['dev', 'prod'] },
        { name: 'replicas', label: 'Replicas', type: 'number', required: false, default: 2, min: 1, max: 10 },
        { name: 'confirm', label: 'I am sure', type: 'boolean', required: false, default: false },
        { name: 'branch', label: 'branch', type: 'text', required: false, pattern: '^[a-z-]+$', description: 'Git branch' },
      ],
    });
  });

  it('reads CAIPE-style input_fields with field_name, field_description and field_values', () => {
    const parts = [
      data({
        input_fields: [
          { field_name: 'repo', field_description: 'Which repository?', field_values: ['backstage', 'caipe'] },
          { field_name: 'reason', field_description: 'Why?' },
        ],
      }),
    ];

    expect(parseInputForm(parts)).toEqual({
      title: 'The agent needs more information',
      fields: [
        { name: 'repo', label: 'repo', type: 'select', required: false, options: ['backstage', 'caipe'], description: 'Which repository?' },
        { name: 'reason', label: 'reason', type: 'text', required: false, description: 'Why?' },
      ],
    });
  });

  it('takes option objects by value, then label', () => {
    const parts = [
      data({ fields: [{ name: 'size', options: [{ value: 's', label: 'Small' }, { label: 'Large' }, 42, null] }] }),
    ];

    expect(parseInputForm(parts)?.fields[0].options).toEqual(['s', 'Large', '42']);
  });

  it('treats unknown types as text, only `true` as required and ignores non-scalar defaults', () => {
    const parts = [
      data({ fields: [{ name: 'when', type: 'date', required: 'true', default: { today: true } }] }),
    ];

    expect(parseInputForm(parts)?.fields).toEqual([
      { name: 'when', label: 'when', type: 'text', required: false },
    ]);
  });

  it('keeps a declared text type even when options are given', () => {
    const parts = [data({ fields: [{ name: 'tag', type: 'text', options: ['a', 'b'] }] })];

    expect(parseInputForm(parts)?.fields[0].type).toBe('text');
  });

  it('skips DataParts without named fields and uses the next one', () => {
    const parts = [
      data({ form: { fields: [{ label: 'no name' }, 'junk'] } }),
      data({ fields: [{ name: 'ok' }] }),
    ];

    expect(parseInputForm(parts)?.fields.map(f => f.name)).toEqual(['ok']);
  });

  it.each([
    ['no parts', []],
    ['text only', [{ type: 'text', text: 'Please answer' } as ContentPart]],
    ['fields that are not a list', [data({ fields: { name: 'x' } })]],
    ['an empty field list', [data({ form: { fields: [] } })]],
    ['a null DataPart', [data(null)]],
  ])('returns undefined for %s', (_name, parts) => {
    expect(parseInputForm(parts)).toBeUndefined();
  });
});

describe('describeFormValues', () => {
  const form: InputForm = {
    title: 'Settings',
    fields: [
      { name: 'env', label: 'Environment', type: 'select', required: true, options: ['dev', 'prod'] },
      { name: 'confirm', label: 'I am sure', type: 'boolean', required: false },
      { name: 'dryRun', label: 'Dry run', type: 'boolean', required: false },
    ],
  };

  it('writes one "Label: value" line per value, booleans as yes/no', () => {
    expect(describeFormValues(form, { env: 'prod', confirm: true, dryRun: false, replicas: 3, note: undefined })).toBe(
      'Environment: prod\nI am sure: yes\nDry run: no\nreplicas: 3\nnote: ',
    );
  });

  it('uses the field names without a form', () => {
    expect(describeFormValues(undefined, { env: 'dev' })).toBe('env: dev');
  });

  it('describes fields named like Object.prototype members by their own values only', () => {
    const named: InputForm = {
      title: 'Names',
      fields: PROTOTYPE_NAMES.map(name => ({ name, label: `Label of ${name}`, type: 'text' as const, required: false })),
    };
    // As stored and read back: JSON makes `__proto__` an own key.
    const values = JSON.parse('{"__proto__": "p", "toString": "t"}');
    expect(describeFormValues(named, values)).toBe('Label of __proto__: p\nLabel of toString: t');
    expect(describeFormValues(undefined, values)).toBe('__proto__: p\ntoString: t');
  });

  it('keeps the form’s order, even for names that look like numbers', () => {
    const numbered: InputForm = {
      title: 'Numbers',
      fields: ['b', '10', '2'].map(name => ({ name, label: `Field ${name}`, type: 'text' as const, required: false })),
    };
    expect(describeFormValues(numbered, { b: 'x', '10': 'y', '2': 'z', extra: 'e' })).toBe(
      'Field b: x\nField 10: y\nField 2: z\nextra: e',
    );
  });

  it('labels a repeated name by its first field, as the form answers it', () => {
    const repeated: InputForm = {
      title: 'Repeated',
      fields: [
        { name: 'env', label: 'First', type: 'text', required: false },
        { name: 'env', label: 'Second', type: 'text', required: false },
      ],
    };
    expect(describeFormValues(repeated, { env: 'dev' })).toBe('First: dev');
  });

  it('writes structured values as JSON', () => {
    expect(describeFormValues(undefined, { list: ['a', 1], nothing: null })).toBe('list: ["a",1]\nnothing: ');
  });
});

describe('parseInputForm with names that are not identifiers', () => {
  it('keeps every field name as data, as the agent sent it', () => {
    const fields = [...PROTOTYPE_NAMES, '10', 'a.b'].map(name => ({ name, label: `Label of ${name}` }));
    // As it arrives: parsed from JSON, where `__proto__` is an own key too.
    const parts = [data(JSON.parse(JSON.stringify({ form: { title: 'Odd names', fields } })))];
    expect(parseInputForm(parts)?.fields.map(f => [f.name, f.label])).toEqual(fields.map(f => [f.name, f.label]));
  });
});
