/*
 * A fast "is this a version 1 session exactly as schemaV1.ts describes it",
 * for the records this version writes itself: nearly all of them.
 *
 * Why not zod alone: a page load reads every stored record, and the
 * big-history bench holds 20,000 messages. zod checks them right, but V8
 * runs its generic code cold at about 10 µs a message (200 ms and more per
 * load, against a 300 ms budget); a checker compiled from zod's definitions
 * into closures is still about 25 ms, its code shared by every shape. These
 * plain checks take about 3 ms. zod stays the definition of the format and
 * reads every record this check refuses, part by part (salvage.ts).
 *
 * So this says yes only where zod would accept the value and return it
 * unchanged: the same types and bounds, no key zod does not know (zod would
 * drop it). records.fuzz.test.ts holds it to that on random junk. Only the
 * current version needs one: older records are read once by zod, then
 * stored in the current format.
 */
import { MESSAGE_PARTS, SESSION_STATUSES, type ChatMessage } from '../model';
import type { PersistedSession } from './records';

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** No key outside `keys` (inherited enumerable keys count too: a polluted prototype fails). */
function only(value: Plain, keys: ReadonlySet<string>): boolean {
  for (const key in value) if (!keys.has(key)) return false;
  return true;
}

const keys = (...names: string[]) => new Set(names);
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optional = (check: (v: unknown) => boolean) => (v: unknown) => v === undefined || check(v);
const optString = optional(isString);
const optNumber = optional(isNumber);
const optBoolean = optional(v => typeof v === 'boolean');
const isId = (v: unknown) => isString(v) && v.length >= 1 && v.length <= 200;
const isTime = (v: unknown) => isNumber(v) && v >= 0 && v <= 8.64e15;
const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

function listOf(check: (v: unknown) => boolean) {
  return (v: unknown) => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (!check(v[i])) return false;
    return true;
  };
}

const STEP_STATUSES = keys('pending', 'in_progress', 'completed', 'failed');
const STEP = keys('id', 'title', 'status');
const isStep = (v: unknown) =>
  isPlain(v) && isString(v.id) && isString(v.title) && STEP_STATUSES.has(v.status as string) && only(v, STEP);

const PLAN = keys('title', 'steps', 'omittedSteps');
const isPlan = (v: unknown) =>
  isPlain(v) && optString(v.title) && listOf(isStep)(v.steps) && optional(isCount)(v.omittedSteps) && only(v, PLAN);

const TOOL = keys('callId', 'name', 'agent', 'status', 'result');
const isTool = (v: unknown) =>
  isPlain(v) &&
  isString(v.callId) &&
  isString(v.name) &&
  optString(v.agent) &&
  (v.status === 'running' || v.status === 'completed') &&
  optString(v.result) &&
  only(v, TOOL);

const FIELD_TYPES = keys('text', 'number', 'select', 'boolean');
const FIELD = keys('name', 'label', 'type', 'required', 'pattern', 'options', 'description', 'default', 'min', 'max');
const isField = (v: unknown) =>
  isPlain(v) &&
  isString(v.name) &&
  isString(v.label) &&
  FIELD_TYPES.has(v.type as string) &&
  typeof v.required === 'boolean' &&
  optString(v.pattern) &&
  optional(listOf(isString))(v.options) &&
  optString(v.description) &&
  optional(d => isString(d) || isNumber(d) || typeof d === 'boolean')(v.default) &&
  optNumber(v.min) &&
  optNumber(v.max) &&
  only(v, FIELD);

const FORM = keys('id', 'title', 'description', 'submitLabel', 'fields');
const isForm = (v: unknown) =>
  isPlain(v) &&
  optString(v.id) &&
  isString(v.title) &&
  optString(v.description) &&
  optString(v.submitLabel) &&
  listOf(isField)(v.fields) &&
  only(v, FORM);

const FILE = keys('name', 'mediaType', 'url');
const isFile = (v: unknown) => isPlain(v) && optString(v.name) && optString(v.mediaType) && optString(v.url) && only(v, FILE);

const ARTIFACT = keys('artifactId', 'name', 'text', 'truncated', 'files');
const isArtifact = (v: unknown) =>
  isPlain(v) &&
  isString(v.artifactId) &&
  isString(v.name) &&
  isString(v.text) &&
  optBoolean(v.truncated) &&
  optional(listOf(isFile))(v.files) &&
  only(v, ARTIFACT);

const REPLY_TRUNCATION = keys('text', 'artifacts', 'tools', 'planVersions', 'events');
const isReplyTruncation = (v: unknown) =>
  isPlain(v) &&
  optBoolean(v.text) &&
  optional(isCount)(v.artifacts) &&
  optional(isCount)(v.tools) &&
  optional(isCount)(v.planVersions) &&
  optional(isCount)(v.events) &&
  only(v, REPLY_TRUNCATION);

const ERROR_KINDS = keys('network', 'auth', 'http', 'rpc', 'protocol', 'timeout', 'idle', 'refused', 'config', 'aborted');
const ERROR = keys('kind', 'message', 'detail', 'status', 'code', 'reason');
const isError = (v: unknown) =>
  isPlain(v) &&
  ERROR_KINDS.has(v.kind as string) &&
  isString(v.message) &&
  optString(v.detail) &&
  optNumber(v.status) &&
  optNumber(v.code) &&
  optString(v.reason) &&
  only(v, ERROR);

const TRUNCATION = keys('savedChars', 'totalChars');
const isTruncation = (v: unknown) => isPlain(v) && isCount(v.savedChars) && isCount(v.totalChars) && only(v, TRUNCATION);

const PARTS = new Set<string>(MESSAGE_PARTS);
const isFormValue = (v: unknown) => v === null || isString(v) || isNumber(v) || typeof v === 'boolean';
const isFormValues = (v: unknown) => {
  if (!isPlain(v)) return false;
  // Own keys only, whatever their names (a field may be called __proto__).
  for (const value of Object.values(v)) if (!isFormValue(value)) return false;
  return true;
};

const AGENT_STATUSES = keys('streaming', 'complete', 'stopped', 'interrupted', 'failed', 'canceled', 'rejected', 'input-required', 'auth-required');
const USER = keys('id', 'createdAt', 'text', 'unrestored', 'truncatedForStorage', 'role', 'data');
const AGENT = keys(
  'id', 'createdAt', 'text', 'unrestored', 'truncatedForStorage', 'role', 'status', 'taskId', 'notice', 'error',
  'plan', 'planHistory', 'tools', 'form', 'formAnswered', 'artifacts', 'files', 'truncated',
);

export function isMessageV1(v: unknown): v is ChatMessage {
  if (!isPlain(v) || !isId(v.id) || !isTime(v.createdAt) || !isString(v.text)) return false;
  if (v.unrestored !== undefined && !listOf(p => PARTS.has(p as string))(v.unrestored)) return false;
  if (v.truncatedForStorage !== undefined && !isTruncation(v.truncatedForStorage)) return false;
  if (v.role === 'user') return optional(isFormValues)(v.data) && only(v, USER);
  return (
    v.role === 'agent' &&
    AGENT_STATUSES.has(v.status as string) &&
    optString(v.taskId) &&
    optString(v.notice) &&
    optional(isError)(v.error) &&
    optional(isPlan)(v.plan) &&
    optional(listOf(isPlan))(v.planHistory) &&
    optional(listOf(isTool))(v.tools) &&
    optional(isForm)(v.form) &&
    optBoolean(v.formAnswered) &&
    optional(listOf(isArtifact))(v.artifacts) &&
    optional(listOf(isFile))(v.files) &&
    optional(isReplyTruncation)(v.truncated) &&
    only(v, AGENT)
  );
}

const SESSION_STATUS = new Set<string>(SESSION_STATUSES);
const SESSION = keys(
  'id', 'title', 'customTitle', 'createdAt', 'updatedAt', 'status', 'unread', 'contextId', 'taskId', 'messages',
  'pruned', 'unrestoredMessages',
);

export function isSessionV1(v: unknown): v is PersistedSession {
  return (
    isPlain(v) &&
    isId(v.id) &&
    isString(v.title) &&
    typeof v.customTitle === 'boolean' &&
    isTime(v.createdAt) &&
    isTime(v.updatedAt) &&
    SESSION_STATUS.has(v.status as string) &&
    optBoolean(v.unread) &&
    optString(v.contextId) &&
    optString(v.taskId) &&
    optBoolean(v.pruned) &&
    optional(isCount)(v.unrestoredMessages) &&
    listOf(isMessageV1)(v.messages) &&
    only(v, SESSION)
  );
}
