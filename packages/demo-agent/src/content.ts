/*
 * Deterministic content for the scripted replies: the markdown answer, the
 * plan, the fake tools and the input form. No randomness that is not seeded
 * by the prompt, no ids and no clock, so the same input always produces the
 * same text (which is what makes client tests and screenshots stable).
 */
import type { Directives } from './directives';
import type {
  ExecutionPlan,
  InputForm,
  PlanStep,
  PlanStepStatus,
} from './shapes';

export const AGENT_DISPLAY_NAME = 'Demo Agent';

/** FNV-1a, 32 bit: a stable, dependency-free hash used to seed the filler. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** mulberry32: a tiny seeded PRNG, so the filler is varied but repeatable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'agent artifact stream chunk context task plan step tool result answer ' +
  'status cancel resume token buffer render markdown table list heading code ' +
  'deterministic conversation message event order latency backpressure socket ' +
  'browser server protocol version card skill session memory sweep timer'
).split(' ');

function quote(text: string): string {
  const trimmed = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return (trimmed || '(empty prompt)')
    .split('\n')
    .map(line => `> ${line}`)
    .join('\n');
}

export interface AnswerInput {
  prompt: string;
  turn: number;
  previousPrompt?: string;
  directives: Directives;
}

/**
 * The markdown answer: headings, a list, a table, a fenced code block and a
 * few non-ASCII characters (to exercise decoding across chunk boundaries),
 * padded with seeded filler paragraphs up to `/size` KiB, and at least one
 * character per requested chunk so every chunk is non-empty.
 */
export function buildAnswer(input: AnswerInput): string {
  const { prompt, turn, previousPrompt, directives } = input;
  const lines = [
    `## Demo answer — turn ${turn} of this conversation`,
    '',
    'You asked:',
    '',
    quote(prompt),
    '',
  ];
  if (previousPrompt !== undefined) {
    lines.push(
      'Earlier in this conversation you asked:',
      '',
      quote(previousPrompt),
      '',
    );
  }
  lines.push(
    '### What I did',
    '',
    '1. Made a plan with four steps',
    '2. Called `search_docs` → found 3 matching pages',
    '3. Called `summarize` → condensed them into this answer',
    '4. Streamed the answer to you in chunks ✓',
    '',
    '### Numbers',
    '',
    '| Item | Value |',
    '| --- | ---: |',
    `| Turn | ${turn} |`,
    `| Chunks | ${directives.chunks} |`,
    `| Delay between events | ${directives.delayMs} ms |`,
    `| Prompt length | ${prompt.length} characters |`,
    `| Prompt checksum | \`${fnv1a(prompt).toString(16).padStart(8, '0')}\` |`,
    '',
    '### Example code',
    '',
    '```ts',
    "const reply = await agent.ask('" + `turn ${turn}` + "');",
    "console.log(reply.artifacts.find(a => a.name === 'final_result'));",
    '```',
    '',
    '> Try `/chunks 200 /delay 5`, `/size 64`, `/input`, `/fail`, `/error`, `/hang 3000` or `/echo`. 🚀',
  );
  let text = lines.join('\n');

  const target = Math.max(directives.sizeKb * 1024, directives.chunks);
  if (text.length < target) {
    const random = prng(fnv1a(prompt) ^ turn);
    const parts = [text, '', '### Details'];
    let length = text.length;
    let paragraph = 1;
    while (length < target) {
      const words: string[] = [];
      for (let i = 0; i < 60; i++) {
        words.push(WORDS[Math.floor(random() * WORDS.length)]);
      }
      const body = `**Paragraph ${paragraph}.** ${words.join(' ')}.`;
      parts.push('', body);
      length += body.length + 2;
      paragraph += 1;
    }
    text = parts.join('\n');
  }
  return text;
}

/**
 * Splits text into exactly `count` non-empty chunks (if the text has at least
 * `count` code points), never inside a surrogate pair.
 */
export function splitIntoChunks(text: string, count: number): string[] {
  const codePoints = Array.from(text);
  const n = Math.max(1, Math.min(count, codePoints.length));
  const chunks: string[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor((i * codePoints.length) / n);
    const end = Math.floor(((i + 1) * codePoints.length) / n);
    chunks.push(codePoints.slice(start, end).join(''));
  }
  return chunks;
}

export function initialPlan(): ExecutionPlan {
  return {
    title: 'Answer the question',
    steps: [
      {
        id: 'understand',
        title: 'Understand the request',
        status: 'in_progress',
      },
      {
        id: 'search',
        title: 'Search the documentation (search_docs)',
        status: 'pending',
      },
      {
        id: 'summarize',
        title: 'Summarize the findings (summarize)',
        status: 'pending',
      },
      { id: 'write', title: 'Write the answer', status: 'pending' },
    ],
  };
}

export function inputPlan(): ExecutionPlan {
  return {
    title: 'Prepare a deployment',
    steps: [
      {
        id: 'understand',
        title: 'Understand the request',
        status: 'completed',
      },
      {
        id: 'collect',
        title: 'Collect deployment details from you',
        status: 'in_progress',
      },
      { id: 'confirm', title: 'Confirm the details', status: 'pending' },
    ],
  };
}

const STATUS_ICON: Record<PlanStepStatus, string> = {
  pending: '⏳',
  in_progress: '🔄',
  completed: '✅',
  failed: '❌',
};

/** Text rendering of a plan, for clients that only show text parts. */
export function renderPlan(plan: ExecutionPlan): string {
  return [
    `📋 ${plan.title}`,
    ...plan.steps.map(s => `${STATUS_ICON[s.status]} ${s.title}`),
  ].join('\n');
}

export function renderPlanChanges(
  plan: ExecutionPlan,
  changes: Array<Pick<PlanStep, 'id' | 'status'>>,
): string {
  return changes
    .map(c => {
      const title = plan.steps.find(s => s.id === c.id)?.title ?? c.id;
      return `${STATUS_ICON[c.status]} ${title}`;
    })
    .join('\n');
}

export function deploymentForm(): InputForm {
  return {
    form: {
      id: 'deployment-details',
      title: 'Deployment details',
      description: 'The demo agent needs a few details before it can continue.',
      submitLabel: 'Continue',
      fields: [
        {
          name: 'service',
          label: 'Service name',
          type: 'text',
          required: true,
          pattern: '^[a-z][a-z0-9-]{2,30}$',
          description:
            'Lower-case letters, digits and dashes (3-31 characters).',
        },
        {
          name: 'environment',
          label: 'Target environment',
          type: 'select',
          required: true,
          options: ['development', 'staging', 'production'],
          default: 'staging',
        },
        {
          name: 'replicas',
          label: 'Replicas',
          type: 'number',
          required: true,
          min: 1,
          max: 10,
          default: 2,
        },
        {
          name: 'notify',
          label: 'Notify the team when done',
          type: 'boolean',
          default: false,
        },
        {
          name: 'notes',
          label: 'Notes',
          type: 'text',
          description: 'Anything else the agent should know.',
        },
      ],
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Extracts submitted form values from a reply: DataParts `{ values: {...} }`
 * or bare objects, then `name: value` / `name=value` text lines.
 */
export function extractFormValues(
  dataValues: unknown[],
  text: string,
): Record<string, unknown> {
  // A Map: field names are data (a field may be called __proto__), and
  // Object.assign would turn such a key into the object's prototype.
  const values = new Map<string, unknown>();
  for (const data of dataValues) {
    const source =
      isPlainObject(data) && isPlainObject(data.values) ? data.values : data;
    if (isPlainObject(source)) {
      for (const [name, value] of Object.entries(source)) values.set(name, value);
    }
  }
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][\w-]*)\s*[:=]\s*(.*?)\s*$/.exec(line);
    if (match && !values.has(match[1])) {
      values.set(match[1], match[2]);
    }
  }
  return Object.fromEntries(values);
}

function cell(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The answer after the form was submitted: echoes every value. */
export function buildFormAnswer(
  values: Record<string, unknown>,
  rawText: string,
  turn: number,
): string {
  const form = deploymentForm().form;
  const missing = form.fields
    .filter(
      f =>
        f.required && (values[f.name] === undefined || values[f.name] === ''),
    )
    .map(f => f.name);
  const lines = [
    `## Deployment details received — turn ${turn} of this conversation`,
    '',
  ];
  const names = Object.keys(values);
  if (names.length > 0) {
    lines.push('| Field | Value |', '| --- | --- |');
    for (const name of names) {
      lines.push(`| ${cell(name)} | ${cell(values[name])} |`);
    }
  } else {
    lines.push(
      'No structured values were submitted. You wrote:',
      '',
      quote(rawText),
    );
  }
  lines.push('');
  lines.push(
    missing.length > 0
      ? `Missing required fields: ${missing.map(n => `\`${n}\``).join(', ')} (the demo continues anyway).`
      : 'All required fields are present. ✓',
  );
  return lines.join('\n');
}
