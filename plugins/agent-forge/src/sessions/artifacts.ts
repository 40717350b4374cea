import type { ContentPart } from '../a2a/types';
import { DEFAULT_REPLY_LIMITS } from './limits';
import type {
  ExecutionPlan,
  FormField,
  FormFieldType,
  InputForm,
  PlanStep,
  PlanStepStatus,
  ToolCall,
} from './model';
import { lookupTable } from '../lib/lookupTable';

/**
 * Interprets the artifact vocabulary agents in the field use (CAIPE and the
 * demo agent): execution plans, tool notifications and input forms. Structured
 * DataParts are preferred; text is the fallback. Hostile or odd input yields
 * `undefined`, never an exception.
 */

type Json = Record<string, unknown>;

const MAX_LABEL = 500;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function label(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (!text) return undefined;
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL)}…` : text;
}

function dataParts(parts: readonly ContentPart[]): Json[] {
  const out: Json[] = [];
  for (const part of parts) {
    if (part.type === 'data' && isObject(part.data)) out.push(part.data);
  }
  return out;
}

// Looked up with the agent's word: `constructor` or `__proto__` must find nothing.
const STATUS_WORDS = lookupTable<Partial<Record<string, PlanStepStatus>>>({
  pending: 'pending',
  todo: 'pending',
  not_started: 'pending',
  waiting: 'pending',
  queued: 'pending',
  in_progress: 'in_progress',
  inprogress: 'in_progress',
  running: 'in_progress',
  active: 'in_progress',
  working: 'in_progress',
  started: 'in_progress',
  completed: 'completed',
  complete: 'completed',
  done: 'completed',
  success: 'completed',
  succeeded: 'completed',
  failed: 'failed',
  error: 'failed',
  failure: 'failed',
});

export function stepStatus(value: unknown): PlanStepStatus | undefined {
  if (typeof value !== 'string') return undefined;
  return STATUS_WORDS[value.trim().toLowerCase().replace(/[\s-]+/g, '_')];
}

function stepsFrom(data: Json): unknown[] | undefined {
  for (const key of ['steps', 'tasks', 'todos', 'items']) {
    if (Array.isArray(data[key])) return data[key] as unknown[];
  }
  if (isObject(data.plan)) return stepsFrom(data.plan);
  return undefined;
}

function stepFrom(raw: unknown, index: number): PlanStep | undefined {
  if (!isObject(raw)) {
    const title = label(raw);
    return title ? { id: `step-${index + 1}`, title, status: 'pending' } : undefined;
  }
  const title = label(raw.title ?? raw.content ?? raw.description ?? raw.name ?? raw.step);
  const id = label(raw.id) ?? `step-${index + 1}`;
  if (!title) return undefined;
  return { id, title, status: stepStatus(raw.status ?? raw.state) ?? 'pending' };
}

// "- [x] Search the docs", "2. ✅ Draft the answer", "* ⏳ Check links"
// The label runs to the end of the line; label() trims it. (A lazy `(.+?)\s*$`
// backtracked quadratically on long whitespace runs.)
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(?:\[([ xX~-])\]\s*)?([\s\S]+)$/;
const EMOJI_STATUS: Array<[RegExp, PlanStepStatus]> = [
  [/^(?:✅|✔️?|☑️?)\s*/u, 'completed'],
  [/^(?:⏳|🔄|▶️?|🏃)\s*/u, 'in_progress'],
  [/^(?:❌|✖️?|⚠️?)\s*/u, 'failed'],
  [/^(?:⬜|☐|🕒|⏸️?)\s*/u, 'pending'],
];

function stepsFromText(text: string): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const line of text.split('\n')) {
    const match = LIST_ITEM.exec(line);
    if (!match) continue;
    let title = match[2];
    let status: PlanStepStatus = 'pending';
    if (match[1] === 'x' || match[1] === 'X') status = 'completed';
    if (match[1] === '~' || match[1] === '-') status = 'in_progress';
    for (const [pattern, emojiStatus] of EMOJI_STATUS) {
      if (pattern.test(title)) {
        title = title.replace(pattern, '');
        status = emojiStatus;
        break;
      }
    }
    const clean = label(title);
    if (clean) steps.push({ id: `step-${steps.length + 1}`, title: clean, status });
  }
  return steps;
}

/** At most `max` steps; how many more there were is recorded on the plan. */
function boundedPlan(steps: PlanStep[], max: number, title?: string): ExecutionPlan {
  const plan: ExecutionPlan = { title, steps: steps.length > max ? steps.slice(0, max) : steps };
  if (steps.length > max) plan.omittedSteps = steps.length - max;
  return plan;
}

/** A full plan from `execution_plan_update`, with at most `maxSteps` steps. */
export function parsePlan(
  parts: readonly ContentPart[],
  text: string,
  maxSteps: number = DEFAULT_REPLY_LIMITS.planSteps,
): ExecutionPlan | undefined {
  for (const data of dataParts(parts)) {
    const raw = stepsFrom(data);
    if (!raw) continue;
    const steps = raw.map(stepFrom).filter((s): s is PlanStep => Boolean(s));
    if (steps.length === 0) continue;
    const title = label(data.title ?? (isObject(data.plan) ? data.plan.title : undefined));
    return boundedPlan(steps, maxSteps, title);
  }
  const steps = stepsFromText(text);
  return steps.length > 0 ? boundedPlan(steps, maxSteps) : undefined;
}

/** Status changes from `execution_plan_status_update`: by id, or by title. */
export function parsePlanStatusUpdate(
  parts: readonly ContentPart[],
  text: string,
): Array<{ id?: string; title?: string; status: PlanStepStatus }> {
  for (const data of dataParts(parts)) {
    const raw = stepsFrom(data) ?? (data.id ? [data] : undefined);
    if (!raw) continue;
    const out: Array<{ id?: string; title?: string; status: PlanStepStatus }> = [];
    for (const item of raw) {
      if (!isObject(item)) continue;
      const status = stepStatus(item.status ?? item.state);
      if (!status) continue;
      out.push({ id: label(item.id), title: label(item.title ?? item.content), status });
    }
    return out;
  }
  return stepsFromText(text).map(step => ({ title: step.title, status: step.status }));
}

/**
 * Applies status changes to a plan. A partial list never replaces the plan:
 * unknown steps are ignored, known ones get their new status.
 */
export function mergePlanStatus(
  plan: ExecutionPlan,
  updates: ReadonlyArray<{ id?: string; title?: string; status: PlanStepStatus }>,
): ExecutionPlan {
  if (updates.length === 0) return plan;
  // Indexed once, so a plan update costs O(steps + updates) whatever their number.
  const byId = new Map<string, PlanStepStatus>();
  const byTitle = new Map<string, PlanStepStatus>();
  for (const u of updates) {
    const index = u.id ? byId : byTitle;
    const key = u.id ? u.id : u.title;
    if (key !== undefined && !index.has(key)) index.set(key, u.status);
  }
  let changed = false;
  const steps = plan.steps.map(step => {
    const status = byId.get(step.id) ?? byTitle.get(step.title);
    const update = status === undefined ? undefined : { status };
    if (!update || update.status === step.status) return step;
    changed = true;
    return { ...step, status: update.status };
  });
  return changed ? { ...plan, steps } : plan;
}

/** A tool call from `tool_notification_start` / `_end`. */
export function parseToolNotification(
  parts: readonly ContentPart[],
  text: string,
  artifactId: string,
  ended: boolean,
): ToolCall | undefined {
  for (const data of dataParts(parts)) {
    const tool = isObject(data.tool) ? data.tool : data;
    const name = label(tool.name ?? tool.tool_name ?? tool.toolName);
    if (!name) continue;
    return {
      callId: label(tool.callId ?? tool.call_id ?? tool.id) ?? (artifactId || name),
      name,
      agent: label(tool.agent ?? tool.source_agent),
      status: ended ? 'completed' : 'running',
      result: ended ? label(tool.result) : undefined,
    };
  }
  const name = label(text.split('\n')[0]);
  if (!name) return undefined;
  return { callId: artifactId || name, name, status: ended ? 'completed' : 'running' };
}

const FIELD_TYPES: readonly FormFieldType[] = ['text', 'number', 'select', 'boolean'];

function fieldFrom(raw: unknown): FormField | undefined {
  if (!isObject(raw)) return undefined;
  const name = label(raw.name ?? raw.field_name ?? raw.key);
  if (!name) return undefined;
  const options = (Array.isArray(raw.options) ? raw.options : raw.field_values) as unknown;
  const optionLabels = Array.isArray(options)
    ? options.map(o => label(isObject(o) ? o.value ?? o.label : o)).filter((o): o is string => Boolean(o))
    : undefined;
  const declared = String(raw.type ?? raw.field_type ?? '').toLowerCase();
  let type: FormFieldType = FIELD_TYPES.includes(declared as FormFieldType)
    ? (declared as FormFieldType)
    : 'text';
  if (optionLabels && optionLabels.length > 0 && declared === '') type = 'select';
  const defaultValue = raw.default ?? raw.default_value;
  return {
    name,
    label: label(raw.label ?? raw.field_label ?? raw.title) ?? name,
    type,
    required: raw.required === true,
    pattern: typeof raw.pattern === 'string' ? raw.pattern : undefined,
    options: optionLabels,
    description: label(raw.description ?? raw.field_description),
    default:
      typeof defaultValue === 'string' || typeof defaultValue === 'number' || typeof defaultValue === 'boolean'
        ? defaultValue
        : undefined,
    min: typeof raw.min === 'number' ? raw.min : undefined,
    max: typeof raw.max === 'number' ? raw.max : undefined,
  };
}

/** An input form described in an input-required status message. */
export function parseInputForm(parts: readonly ContentPart[]): InputForm | undefined {
  for (const data of dataParts(parts)) {
    const form = isObject(data.form) ? data.form : data;
    const rawFields = form.fields ?? form.input_fields;
    if (!Array.isArray(rawFields)) continue;
    const fields = rawFields.map(fieldFrom).filter((f): f is FormField => Boolean(f));
    if (fields.length === 0) continue;
    return {
      id: label(form.id),
      title: label(form.title) ?? 'The agent needs more information',
      description: label(form.description),
      submitLabel: label(form.submitLabel),
      fields,
    };
  }
  return undefined;
}

function describeValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value === null || value === undefined) return '';
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/**
 * The values of a form answer as readable text lines (`Label: value`), in
 * the form's order, then any value the form does not name. Names are data:
 * read as own keys only, so `__proto__` or `constructor` are names like any
 * other, and the object's key order (integer-like names first) does not
 * reorder the answer.
 */
export function describeFormValues(form: InputForm | undefined, values: Record<string, unknown>): string {
  const labels = new Map<string, string>();
  for (const field of form?.fields ?? []) {
    if (!labels.has(field.name)) labels.set(field.name, field.label);
  }
  const own = new Map(Object.entries(values));
  const names = [...Array.from(labels.keys()).filter(name => own.has(name)), ...Array.from(own.keys()).filter(name => !labels.has(name))];
  return names.map(name => `${labels.get(name) ?? name}: ${describeValue(own.get(name))}`).join('\n');
}
