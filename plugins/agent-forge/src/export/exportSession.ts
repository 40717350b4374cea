import { redactMessage } from '../sessions/redactReply';
import type {
  AgentMessage,
  FileReference,
  AgentMessageStatus,
  ChatMessage,
  ExecutionPlan,
  InputForm,
  PlanStepStatus,
  SessionSnapshot,
  ToolCall,
  UserMessage,
} from '../sessions/model';
import { safeHttpUrl } from '../components/Markdown/urlPolicy';
import { lookupTable } from '../lib/lookupTable';
import { codeBlock, escapeInline, safeMarkdown } from './safeMarkdown';

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
  files: 'Files',
  unnamedFile: 'Unnamed file',
  cut: 'Not all of this reply was kept',
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

/** Text from an agent or a user, on one line, rendering as exactly that text. */
function plain(text: string): string {
  return escapeInline(oneLine(text));
}

/** Several lines of plain text, each rendering as exactly that text. */
function plainLines(text: string): string {
  return text
    .split('\n')
    .map(line => escapeInline(line.trim()))
    .join('  \n');
}

function inlineCode(text: string): string {
  const value = oneLine(text);
  const longestRun = Math.max(0, ...(value.match(/`+/g) ?? []).map(run => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

function quote(text: string): string {
  return text
    .split('\n')
    .map(line => (line ? `> ${line}` : '>'))
    .join('\n');
}

function formatValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? TEXT.yes : TEXT.no;
  if (typeof value === 'string') return plain(value);
  if (typeof value === 'number') return String(value);
  try {
    return plain(JSON.stringify(value) ?? '');
  } catch {
    return '';
  }
}

function planBlock(plan: ExecutionPlan): string {
  const title = plan.title ? `${TEXT.plan}: ${plain(plan.title)}` : TEXT.plan;
  const steps = plan.steps.map(
    step => `- [${step.status === 'completed' ? 'x' : ' '}] ${plain(step.title)}${STEP_SUFFIX[step.status] ?? ''}`,
  );
  return [`**${title}**`, '', ...steps].join('\n');
}

function toolsBlock(tools: readonly ToolCall[]): string {
  const lines = tools.map(tool => {
    let line = `- ${inlineCode(tool.name)}`;
    if (tool.agent) line += ` (${plain(tool.agent)})`;
    if (tool.status === 'running') line += ' _(running)_';
    if (tool.result) line += `: ${plain(tool.result)}`;
    return line;
  });
  return [`**${TEXT.tools}**`, '', ...lines].join('\n');
}

function formBlock(form: InputForm): string {
  const lines = [`**${TEXT.inputRequested}: ${plain(form.title)}**`];
  if (form.description) lines.push('', plainLines(form.description));
  if (form.fields.length > 0) {
    lines.push('', ...form.fields.map(f => `- ${plain(f.label)}${f.required ? ` (${TEXT.required})` : ''}`));
  }
  return lines.join('\n');
}

function valuesBlock(values: Record<string, unknown>, form: InputForm | undefined): string {
  const labels = new Map(form?.fields.map(f => [f.name, f.label]) ?? []);
  const lines = Object.entries(values).map(
    ([name, value]) => `- **${plain(labels.get(name) ?? name)}:** ${formatValue(value)}`,
  );
  return [`**${TEXT.submitted}**`, '', ...lines].join('\n');
}

function heading(who: string, createdAt: number): string {
  const time = formatTimestamp(createdAt);
  return `## ${plain(who)}${time ? ` · ${time}` : ''}`;
}

function userBlocks(message: UserMessage, form: InputForm | undefined): string[] {
  const blocks = [heading(TEXT.you, message.createdAt)];
  if (message.data && Object.keys(message.data).length > 0) {
    blocks.push(valuesBlock(message.data, form));
  } else if (message.text) {
    blocks.push(safeMarkdown(message.text));
  }
  return blocks;
}

function filesBlock(files: readonly FileReference[]): string {
  const lines = files.map(file => {
    const name = plain(file.name ?? '') || TEXT.unnamedFile;
    const type = file.mediaType ? ` (${plain(file.mediaType)})` : '';
    const href = safeHttpUrl(file.url);
    return `- ${name}${type}${href && !/[<>]/.test(href) ? `: <${href}>` : ''}`;
  });
  return [`**${TEXT.files}**`, '', ...lines].join('\n');
}

function agentBlocks(message: AgentMessage, agentName: string): string[] {
  const blocks = [heading(agentName, message.createdAt)];
  if (message.plan && message.plan.steps.length > 0) blocks.push(planBlock(message.plan));
  if (message.tools && message.tools.length > 0) blocks.push(toolsBlock(message.tools));
  if (message.text) blocks.push(safeMarkdown(message.text));
  if (message.files && message.files.length > 0) blocks.push(filesBlock(message.files));
  for (const artifact of message.artifacts ?? []) {
    const parts = [`**${TEXT.artifact}: ${plain(artifact.name)}**`];
    if (artifact.text) parts.push(codeBlock(artifact.text));
    if (artifact.files && artifact.files.length > 0) parts.push(filesBlock(artifact.files));
    blocks.push(parts.join('\n\n'));
  }
  if (message.truncated) blocks.push(`_${TEXT.cut}._`);
  if (message.form) blocks.push(formBlock(message.form));
  if (message.notice) blocks.push(quote(`**${TEXT.notice}:** ${plainLines(message.notice)}`));
  if (message.error) {
    const detail = message.error.detail ? `\n${plainLines(message.error.detail)}` : '';
    blocks.push(quote(`**${TEXT.error}:** ${plainLines(message.error.message)}${detail}`));
  }
  const status = STATUS_LINE[message.status];
  if (status) blocks.push(`_${status}_`);
  return blocks;
}

/**
 * The session as a readable Markdown document. Messages keep their markdown,
 * made inert for other renderers (see safeMarkdown.ts); every other text is
 * escaped to read as itself; credentials are redacted.
 */
export function sessionToMarkdown(snapshot: SessionSnapshot, options: SessionMarkdownOptions = {}): string {
  const agentName = options.agentName?.trim() || TEXT.agent;
  const blocks = [`# ${plain(snapshot.title) || TEXT.untitled}`];
  const started = formatTimestamp(snapshot.createdAt);
  if (started) blocks.push(`_${TEXT.started} ${started}_`);
  if (snapshot.pruned) blocks.push(quote(TEXT.pruned));
  // A form answer is labelled by the form the agent asked before it.
  let lastForm: InputForm | undefined;
  for (const stored of snapshot.messages) {
    // A reply still streaming has not been redacted yet (the others were when they settled).
    const message = redactMessage(stored);
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
    messages: snapshot.messages.map(redactMessage),
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
