import type { FormField } from '../../sessions/model';
import { MAX_PATTERN_INPUT_LENGTH, type PatternCompiler } from './patternMatcher';

/*
 * Field names come from the agent, so they are data, never property names
 * of the form's state: a field called `__proto__`, `constructor` or
 * `toString` is a field like any other. The state is kept by field index
 * (arrays); only the answer sent back is an object keyed by name, and it is
 * built with Object.fromEntries, which makes every name an own property
 * (plain assignment to `__proto__` would set the prototype instead).
 */

/** Why a field's value is not acceptable; the view turns codes into text. */
export type FieldErrorCode = 'required' | 'pattern' | 'tooLong' | 'number' | 'min' | 'max';

/** The raw (as edited) value of one field: text, or a checkbox's state. */
export type FieldValue = string | boolean;

/** Every field's raw value, by field index. */
export type FormValues = readonly FieldValue[];

/** Every field's error (undefined: none), by field index. */
export type FormErrors = readonly (FieldErrorCode | undefined)[];

/**
 * The fields a form asks for: the first field of each name. An answer holds
 * one value per name, so a later field with the same name could not be
 * answered; it is left out (the form says how many were).
 */
export function answerableFields(fields: readonly FormField[]): { fields: FormField[]; duplicates: number } {
  const seen = new Set<string>();
  const unique = fields.filter(field => {
    if (seen.has(field.name)) return false;
    seen.add(field.name);
    return true;
  });
  return { fields: unique, duplicates: fields.length - unique.length };
}

/** Whether checking these fields needs the pattern engine. */
export function hasPattern(fields: readonly FormField[]): boolean {
  return fields.some(field => field.type === 'text' && Boolean(field.pattern));
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
 * Empty optional values are valid; whitespace counts as empty. The pattern
 * is checked only with a compiler (the engine loads lazily) and only when it
 * compiles; a value longer than MAX_PATTERN_INPUT_LENGTH cannot be checked
 * and is refused as too long (nothing is cut off: the user shortens it).
 */
export function validateField(
  field: FormField,
  raw: unknown,
  compilePattern?: PatternCompiler,
): FieldErrorCode | undefined {
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
  if (field.type === 'text' && field.pattern && compilePattern) {
    const matcher = compilePattern(field.pattern);
    if (matcher && text.length > MAX_PATTERN_INPUT_LENGTH) return 'tooLong';
    if (matcher && !matcher.matches(text)) return 'pattern';
  }
  return undefined;
}

/** Every field's error, by field index. */
export function validateForm(
  fields: readonly FormField[],
  values: FormValues,
  compilePattern?: PatternCompiler,
): FormErrors {
  return fields.map((field, index) => validateField(field, values[index], compilePattern));
}

/** The values a form starts with: the agent's defaults, else empty/unchecked. */
export function initialValues(fields: readonly FormField[]): FormValues {
  return fields.map(field => {
    const d = field.default;
    if (field.type === 'boolean') return asBoolean(d);
    if (field.type === 'select') {
      const text = d === undefined ? '' : String(d);
      return field.options?.includes(text) ? text : '';
    }
    if (typeof d === 'string' || (typeof d === 'number' && Number.isFinite(d))) return String(d);
    return '';
  });
}

/**
 * The answer to send, by field name: numbers as numbers, booleans as
 * booleans, text trimmed; empty optional fields (and unparseable numbers)
 * omitted. Every name is an own property, whatever it is; of fields sharing
 * a name, the first one answers.
 */
export function coerceValues(fields: readonly FormField[], values: FormValues): Record<string, unknown> {
  const entries = new Map<string, unknown>();
  const answered = new Set<string>();
  fields.forEach((field, index) => {
    if (answered.has(field.name)) return;
    answered.add(field.name);
    const value = values[index];
    if (field.type === 'boolean') {
      entries.set(field.name, asBoolean(value));
      return;
    }
    const text = asText(value);
    if (text === '') return;
    if (field.type === 'number') {
      const n = asNumber(text);
      if (n !== undefined) entries.set(field.name, n);
    } else {
      entries.set(field.name, text);
    }
  });
  return Object.fromEntries(entries);
}

/** A submitted value by field name, if the answer has one of its own. */
export function submittedValue(values: Record<string, unknown>, name: string): { value: unknown } | undefined {
  return Object.prototype.hasOwnProperty.call(values, name) ? { value: values[name] } : undefined;
}
