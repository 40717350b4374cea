import type { FormField, InputForm } from '../../sessions/model';

/** Why a field's value is not acceptable; the view turns codes into text. */
export type FieldErrorCode = 'required' | 'pattern' | 'number' | 'min' | 'max';

/** The raw (as edited) value of each field: strings, and booleans for checkboxes. */
export type FormValues = Record<string, string | boolean>;

/**
 * Longest value a field `pattern` is run against. The pattern comes from the
 * agent (untrusted); bounding the input bounds the work of a slow pattern.
 * A longer value is reported as not matching.
 */
export const MAX_PATTERN_INPUT_LENGTH = 1000;

const REPEAT_QUANTIFIER = /^(?:[*+]|\{\d*,\d*\})/;
const ANY_QUANTIFIER = /^(?:[*+?]|\{\d+(?:,\d*)?\})/;

/**
 * True when a pattern repeats something that already repeats, e.g. `(a+)+`
 * or `(\w+\s?)*`: the classic shape of catastrophic backtracking, slow even on
 * short inputs. A heuristic: it does not catch every slow pattern (overlapping
 * alternatives), the input length cap bounds those.
 */
export function hasNestedQuantifier(pattern: string): boolean {
  // One frame per open group: does its body contain a quantifier?
  const stack: boolean[] = [false];
  let i = 0;
  const quantifierAt = (at: number, re: RegExp) => re.exec(pattern.slice(at))?.[0];
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      i += 2;
    } else if (c === '[') {
      // A character class: skip to its unescaped end.
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      stack.push(false);
      i++;
      if (pattern[i] === '?') i++; // (?: (?= (?! (?<name> …: the body follows
      continue;
    } else if (c === ')') {
      const bodyRepeats = stack.length > 1 ? stack.pop()! : false;
      i++;
      const q = quantifierAt(i, ANY_QUANTIFIER);
      if (q && bodyRepeats && REPEAT_QUANTIFIER.test(q)) return true;
      if (bodyRepeats || (q && REPEAT_QUANTIFIER.test(q))) stack[stack.length - 1] = true;
      if (q) i += q.length;
      continue;
    } else {
      i++;
    }
    // After an atom: a repeating quantifier marks the enclosing group.
    const q = quantifierAt(i, ANY_QUANTIFIER);
    if (q) {
      if (REPEAT_QUANTIFIER.test(q)) stack[stack.length - 1] = true;
      i += q.length;
    }
  }
  return false;
}

const compiled = new Map<string, RegExp | null>();

/**
 * The agent's pattern as a whole-value RegExp, or undefined when it is not a
 * valid regular expression or looks catastrophic (then it is ignored: the
 * agent validates what it receives anyway).
 */
export function compilePattern(pattern: string): RegExp | undefined {
  let re = compiled.get(pattern);
  if (re === undefined) {
    re = null;
    if (!hasNestedQuantifier(pattern)) {
      try {
        re = new RegExp(`^(?:${pattern})$`);
      } catch {
        re = null;
      }
    }
    if (compiled.size > 200) compiled.clear();
    compiled.set(pattern, re);
  }
  return re ?? undefined;
}

function asText(raw: unknown): string {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : '';
  return '';
}

function asNumber(text: string): number | undefined {
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : undefined;
}

function asBoolean(raw: unknown): boolean {
  return raw === true || raw === 'true';
}

/**
 * Checks one value. Booleans are always valid: unchecked is an answer (false).
 * Empty optional values are valid; whitespace counts as empty.
 */
export function validateField(field: FormField, raw: unknown): FieldErrorCode | undefined {
  if (field.type === 'boolean') return undefined;
  const text = asText(raw);
  if (text === '') return field.required ? 'required' : undefined;
  if (field.type === 'number') {
    const n = asNumber(text);
    if (n === undefined) return 'number';
    if (typeof field.min === 'number' && n < field.min) return 'min';
    if (typeof field.max === 'number' && n > field.max) return 'max';
    return undefined;
  }
  if (field.type === 'text' && field.pattern) {
    const re = compilePattern(field.pattern);
    if (re) {
      if (text.length > MAX_PATTERN_INPUT_LENGTH) return 'pattern';
      if (!re.test(text)) return 'pattern';
    }
  }
  return undefined;
}

/** Every field's error, in form order; empty when the form is valid. */
export function validateForm(form: InputForm, raw: Record<string, unknown>): Record<string, FieldErrorCode> {
  const errors: Record<string, FieldErrorCode> = {};
  for (const field of form.fields) {
    const error = validateField(field, raw[field.name]);
    if (error) errors[field.name] = error;
  }
  return errors;
}

/** The values a form starts with: the agent's defaults, else empty/unchecked. */
export function initialValues(form: InputForm): FormValues {
  const values: FormValues = {};
  for (const field of form.fields) {
    const d = field.default;
    if (field.type === 'boolean') {
      values[field.name] = asBoolean(d);
    } else if (field.type === 'select') {
      const text = d === undefined ? '' : String(d);
      values[field.name] = field.options?.includes(text) ? text : '';
    } else if (typeof d === 'string' || (typeof d === 'number' && Number.isFinite(d))) {
      values[field.name] = String(d);
    } else {
      values[field.name] = '';
    }
  }
  return values;
}

/**
 * The values to send: numbers as numbers, booleans as booleans, text trimmed;
 * empty optional fields (and unparseable numbers) omitted, as are keys the
 * form does not define.
 */
export function coerceValues(form: InputForm, raw: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of form.fields) {
    const value = raw[field.name];
    if (field.type === 'boolean') {
      values[field.name] = asBoolean(value);
      continue;
    }
    const text = asText(value);
    if (text === '') continue;
    if (field.type === 'number') {
      const n = asNumber(text);
      if (n !== undefined) values[field.name] = n;
    } else {
      values[field.name] = text;
    }
  }
  return values;
}
