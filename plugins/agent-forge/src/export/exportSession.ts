import type {
  AgentMessage,
  AgentMessageStatus,
  ChatMessage,
  ExecutionPlan,
  InputForm,
  PlanStepStatus,
  SessionSnapshot,
  ToolCall,
  UserMessage,
} from '../sessions/model';
import { lookupTable } from '../lib/lookupTable';

/** Identifies an exported session file; bump `version` on incompatible changes. */
export const SESSION_EXPORT_FORMAT = 'agent-forge-session';
export const SESSION_EXPORT_VERSION = 1;

export interface SessionMarkdownOptions {
  /** Heading of the agent's messages; defaults to "Agent". */
  agentName?: string;
}

/** The JSON document `sessionToJson` writes. */
export interface SessionExport {
  format: typeof SESSION_EXPORT_FORMAT;
  version: typeof SESSION_EXPORT_VERSION;
  session: Pick<
    SessionSnapshot,
    | 'id'
    | 'title'
    | 'createdAt'
    | 'updatedAt'
    | 'status'
    | 'messageCount'
    | 'customTitle'
    | 'pruned'
    | 'contextId'
    | 'taskId'
    | 'error'
  >;
  messages: readonly ChatMessage[];
}

// The export is a file, not UI: its words are English.
const TEXT = {
  you: 'You',
  agent: 'Agent',
  untitled: 'Chat',
  started: 'Started',
  pruned: 'Older messages of this chat were removed to free browser storage.',
  plan: 'Execution plan',
  tools: 'Tools',
  notice: 'Notice',
  error: 'Error',
  inputRequested: 'Input requested',
  required: 'required',
  submitted: 'Submitted values',
  artifact: 'Artifact',
  yes: 'Yes',
  no: 'No',
} as const;

const STEP_SUFFIX = lookupTable<Partial<Record<PlanStepStatus, string>>>({
  in_progress: ' _(in progress)_',
  failed: ' _(failed)_',
});

const STATUS_LINE = lookupTable<Partial<Record<AgentMessageStatus, string>>>({
  streaming: 'Still streaming when exported',
  stopped: 'Stopped',
  interrupted: 'Interrupted',
  failed: 'Failed',
  canceled: 'Canceled by the agent',
  rejected: 'Rejected by the agent',
  'input-required': 'Waiting for input',
  'auth-required': 'The agent needs you to authenticate',
});

/** One line of text: headings and list items must not be broken by newlines. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `2024-05-01 14:03 UTC`: the same in every time zone. */
export function formatTimestamp(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function inlineCode(text: string): string {
  const value = oneLine(text);
  const longestRun = Math.max(0, ...(value.match(/`+/g) ?? []).map(run => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

function codeBlock(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map(run => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}\n${text}\n${fence}`;
}

function quote(text: string): string {
  return text
    .split('\n')
    .map(line => (line ? `> ${line}` : '>'))
    .join('\n');
}

function formatValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? TEXT.yes : TEXT.no;
  if (typeof value === 'string') return oneLine(value);
  if (typeof value === 'number') return String(value);
  try {
    return oneLine(JSON.stringify(value) ?? '');
  } catch {
    return '';
  }
}

function planBlock(plan: ExecutionPlan): string {
  const title = plan.title ? `${TEXT.plan}: ${oneLine(plan.title)}` : TEXT.plan;
  const steps = plan.steps.map(
    step => `- [${step.status === 'completed' ? 'x' : ' '}] ${oneLine(step.title)}${STEP_SUFFIX[step.status] ?? ''}`,
  );
  return [`**${title}**`, '', ...steps].join('\n');
}

function toolsBlock(tools: readonly ToolCall[]): string {
  const lines = tools.map(tool => {
    let line = `- ${inlineCode(tool.name)}`;
    if (tool.agent) line += ` (${oneLine(tool.agent)})`;
    if (tool.status === 'running') line += ' _(running)_';
    if (tool.result) line += `: ${oneLine(tool.result)}`;
    return line;
  });
  return [`**${TEXT.tools}**`, '', ...lines].join('\n');
}

function formBlock(form: InputForm): string {
  const lines = [`**${TEXT.inputRequested}: ${oneLine(form.title)}**`];
  if (form.description) lines.push('', form.description);
  if (form.fields.length > 0) {
    lines.push('', ...form.fields.map(f => `- ${oneLine(f.label)}${f.required ? ` (${TEXT.required})` : ''}`));
  }
  return lines.join('\n');
}

function valuesBlock(values: Record<string, unknown>, form: InputForm | undefined): string {
  const labels = new Map(form?.fields.map(f => [f.name, f.label]) ?? []);
  const lines = Object.entries(values).map(
    ([name, value]) => `- **${oneLine(labels.get(name) ?? name)}:** ${formatValue(value)}`,
  );
  return [`**${TEXT.submitted}**`, '', ...lines].join('\n');
}

function heading(who: string, createdAt: number): string {
  const time = formatTimestamp(createdAt);
  return `## ${oneLine(who)}${time ? ` · ${time}` : ''}`;
}

function userBlocks(message: UserMessage, form: InputForm | undefined): string[] {
  const blocks = [heading(TEXT.you, message.createdAt)];
  if (message.data && Object.keys(message.data).length > 0) {
    blocks.push(valuesBlock(message.data, form));
  } else if (message.text) {
    blocks.push(message.text);
  }
  return blocks;
}

function agentBlocks(message: AgentMessage, agentName: string): string[] {
  const blocks = [heading(agentName, message.createdAt)];
  if (message.plan && message.plan.steps.length > 0) blocks.push(planBlock(message.plan));
  if (message.tools && message.tools.length > 0) blocks.push(toolsBlock(message.tools));
  if (message.text) blocks.push(message.text);
  for (const artifact of message.artifacts ?? []) {
    blocks.push(`**${TEXT.artifact}: ${oneLine(artifact.name)}**\n\n${codeBlock(artifact.text)}`);
  }
  if (message.form) blocks.push(formBlock(message.form));
  if (message.notice) blocks.push(quote(`**${TEXT.notice}:** ${message.notice}`));
  if (message.error) {
    const detail = message.error.detail ? `\n${message.error.detail}` : '';
    blocks.push(quote(`**${TEXT.error}:** ${message.error.message}${detail}`));
  }
  const status = STATUS_LINE[message.status];
  if (status) blocks.push(`_${status}_`);
  return blocks;
}

/** The session as a readable Markdown document; agent text is kept verbatim. */
export function sessionToMarkdown(snapshot: SessionSnapshot, options: SessionMarkdownOptions = {}): string {
  const agentName = options.agentName?.trim() || TEXT.agent;
  const blocks = [`# ${oneLine(snapshot.title) || TEXT.untitled}`];
  const started = formatTimestamp(snapshot.createdAt);
  if (started) blocks.push(`_${TEXT.started} ${started}_`);
  if (snapshot.pruned) blocks.push(quote(TEXT.pruned));
  // A form answer is labelled by the form the agent asked before it.
  let lastForm: InputForm | undefined;
  for (const message of snapshot.messages) {
    if (message.role === 'user') {
      blocks.push(...userBlocks(message, lastForm));
    } else {
      blocks.push(...agentBlocks(message, agentName));
      if (message.form) lastForm = message.form;
    }
  }
  return `${blocks.join('\n\n')}\n`;
}

/** The session as pretty JSON in a versioned envelope; only snapshot data. */
export function sessionToJson(snapshot: SessionSnapshot): string {
  const document: SessionExport = {
    format: SESSION_EXPORT_FORMAT,
    version: SESSION_EXPORT_VERSION,
    session: {
      id: snapshot.id,
      title: snapshot.title,
      createdAt: snapshot.createdAt,
      updatedAt: snapshot.updatedAt,
      status: snapshot.status,
      messageCount: snapshot.messageCount,
      customTitle: snapshot.customTitle,
      pruned: snapshot.pruned,
      contextId: snapshot.contextId,
      taskId: snapshot.taskId,
      error: snapshot.error,
    },
    messages: snapshot.messages,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

const MAX_SLUG_LENGTH = 60;

/** A file name safe on every OS: `<title-slug>-<YYYY-MM-DD>.<ext>`. */
export function exportFileName(snapshot: Pick<SessionSnapshot, 'title' | 'updatedAt'>, ext: string): string {
  const slug =
    snapshot.title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, MAX_SLUG_LENGTH)
      .replace(/^-+|-+$/g, '') || 'chat';
  const date = new Date(snapshot.updatedAt);
  const day = Number.isNaN(date.getTime()) ? '' : `-${date.toISOString().slice(0, 10)}`;
  const extension = ext.replace(/^\.+/, '').toLowerCase().replace(/[^a-z0-9]/g, '') || 'txt';
  return `${slug}${day}.${extension}`;
}
