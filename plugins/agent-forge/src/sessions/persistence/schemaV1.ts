/*
 * The stored record format, version 1, as zod schemas: what a session and
 * each of its messages must look like for the page to render them. The
 * schemas are strict (a wrong type anywhere fails); `salvage.ts` reads a
 * record leniently with them, part by part, and whatever it returns passes
 * these schemas.
 *
 * Each schema is annotated with the model type it produces, so the compiler
 * keeps the two in step. When the format changes, this file stays as it is
 * (it reads version 1 records) and a schemaV2.ts joins it.
 */
import { z } from 'zod/v4';
import type { AgentErrorKind } from '../../a2a/errors';
import {
  MESSAGE_PARTS,
  SESSION_STATUSES,
  type AgentMessage,
  type AgentMessageStatus,
  type ChatMessage,
  type ExecutionPlan,
  type FileReference,
  type FormField,
  type InputForm,
  type OtherArtifact,
  type PlanStep,
  type ReplyTruncation,
  type StorageTruncation,
  type ToolCall,
  type UserMessage,
} from '../model';
import type { AgentError } from '../../a2a/errors';
import type { PersistedSession } from './records';

/** Compile-time check that a runtime list names every member of a union. */
type Covers<Union, Listed extends Union> = [Union] extends [Listed] ? true : never;

const AGENT_MESSAGE_STATUSES = [
  'streaming',
  'complete',
  'stopped',
  'interrupted',
  'failed',
  'canceled',
  'rejected',
  'input-required',
  'auth-required',
] as const;
const ERROR_KINDS = ['network', 'auth', 'http', 'rpc', 'protocol', 'timeout', 'idle', 'refused', 'config', 'aborted'] as const;
const allStatuses: Covers<AgentMessageStatus, (typeof AGENT_MESSAGE_STATUSES)[number]> = true;
const allKinds: Covers<AgentErrorKind, (typeof ERROR_KINDS)[number]> = true;
void [allStatuses, allKinds];

/** Dates beyond ±8.64e15 ms make `new Date()` invalid and its formatting throw. */
const timestamp = z.number().min(0).max(8.64e15);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** A session or message id: a key, so never empty, and short. */
export const idSchema = z.string().min(1).max(200);

const planStep = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['pending', 'in_progress', 'completed', 'failed']),
}) satisfies z.ZodType<PlanStep>;

const plan = z.object({
  title: z.string().optional(),
  steps: z.array(planStep),
  omittedSteps: count.optional(),
}) satisfies z.ZodType<ExecutionPlan>;

const toolCall = z.object({
  callId: z.string(),
  name: z.string(),
  agent: z.string().optional(),
  status: z.enum(['running', 'completed']),
  result: z.string().optional(),
}) satisfies z.ZodType<ToolCall>;

// z.number() refuses NaN and ±Infinity (JSON.parse('1e400') is Infinity).
const formField = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(['text', 'number', 'select', 'boolean']),
  required: z.boolean(),
  pattern: z.string().optional(),
  options: z.array(z.string()).optional(),
  description: z.string().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
}) satisfies z.ZodType<FormField>;

const inputForm = z.object({
  id: z.string().optional(),
  title: z.string(),
  description: z.string().optional(),
  submitLabel: z.string().optional(),
  fields: z.array(formField),
}) satisfies z.ZodType<InputForm>;

const fileReference = z.object({
  name: z.string().optional(),
  mediaType: z.string().optional(),
  url: z.string().optional(),
}) satisfies z.ZodType<FileReference>;

const artifact = z.object({
  artifactId: z.string(),
  name: z.string(),
  text: z.string(),
  truncated: z.boolean().optional(),
  files: z.array(fileReference).optional(),
}) satisfies z.ZodType<OtherArtifact>;

const replyTruncation = z.object({
  text: z.boolean().optional(),
  artifacts: count.optional(),
  tools: count.optional(),
  planVersions: count.optional(),
  events: count.optional(),
}) satisfies z.ZodType<ReplyTruncation>;

const agentError = z.object({
  kind: z.enum(ERROR_KINDS),
  message: z.string(),
  detail: z.string().optional(),
  status: z.number().optional(),
  code: z.number().optional(),
  reason: z.string().optional(),
}) satisfies z.ZodType<AgentError>;

const truncation = z.object({ savedChars: count, totalChars: count }) satisfies z.ZodType<StorageTruncation>;

type FormValue = string | number | boolean | null;

function isFormValue(value: unknown): value is FormValue {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * Form answers as the user gave them: values a form field can hold, under
 * the fields' names as own keys. Not z.record: it copies by assignment, and
 * a field named `__proto__` would lose its answer (the key is data).
 */
const formValues = z.custom<Record<string, FormValue>>(
  value =>
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    Object.values(value).every(isFormValue),
);

/** Fields every message has. */
const messageBase = {
  id: idSchema,
  createdAt: timestamp,
  text: z.string(),
  unrestored: z.array(z.enum(MESSAGE_PARTS)).optional(),
  truncatedForStorage: truncation.optional(),
};

export const userMessageV1 = z.object({
  ...messageBase,
  role: z.literal('user'),
  data: formValues.optional(),
}) satisfies z.ZodType<UserMessage>;

export const agentMessageV1 = z.object({
  ...messageBase,
  role: z.literal('agent'),
  status: z.enum(AGENT_MESSAGE_STATUSES),
  taskId: z.string().optional(),
  notice: z.string().optional(),
  error: agentError.optional(),
  plan: plan.optional(),
  planHistory: z.array(plan).optional(),
  tools: z.array(toolCall).optional(),
  form: inputForm.optional(),
  formAnswered: z.boolean().optional(),
  artifacts: z.array(artifact).optional(),
  files: z.array(fileReference).optional(),
  truncated: replyTruncation.optional(),
}) satisfies z.ZodType<AgentMessage>;

export const messageV1: z.ZodType<ChatMessage> = z.discriminatedUnion('role', [userMessageV1, agentMessageV1]);

export const sessionV1 = z.object({
  id: idSchema,
  title: z.string(),
  customTitle: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
  status: z.enum(SESSION_STATUSES as [PersistedSession['status'], ...PersistedSession['status'][]]),
  unread: z.boolean().optional(),
  contextId: z.string().optional(),
  taskId: z.string().optional(),
  messages: z.array(messageV1),
  pruned: z.boolean().optional(),
  unrestoredMessages: count.optional(),
}) satisfies z.ZodType<PersistedSession>;

export const recordV1 = z.object({ v: z.literal(1), session: sessionV1 });

/**
 * Every field of the model has its place in the schema: zod drops keys it
 * does not know, so a field added to the model but not here would be lost
 * at the next load, silently. (A new field also needs fastCheckV1.ts.)
 */
type Missing<Model, Schema extends z.ZodType> = Exclude<keyof Model, keyof z.output<Schema>>;
type NoneMissing<Keys> = [Keys] extends [never] ? true : Keys;
const complete: Array<NoneMissing<
  | Missing<UserMessage, typeof userMessageV1>
  | Missing<AgentMessage, typeof agentMessageV1>
  | Missing<PersistedSession, typeof sessionV1>
  | Missing<ExecutionPlan, typeof plan>
  | Missing<PlanStep, typeof planStep>
  | Missing<ToolCall, typeof toolCall>
  | Missing<FormField, typeof formField>
  | Missing<InputForm, typeof inputForm>
  | Missing<OtherArtifact, typeof artifact>
  | Missing<FileReference, typeof fileReference>
  | Missing<ReplyTruncation, typeof replyTruncation>
  | Missing<AgentError, typeof agentError>
>> = [true];
void complete;
