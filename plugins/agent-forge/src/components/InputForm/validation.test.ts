import type { FormField, InputForm } from '../../sessions/model';
import {
  MAX_PATTERN_INPUT_LENGTH,
  coerceValues,
  compilePattern,
  hasNestedQuantifier,
  initialValues,
  validateField,
  validateForm,
} from './validation';

const text = (extra: Partial<FormField> = {}): FormField => ({
  name: 'name',
  label: 'Name',
  type: 'text',
  required: false,
  ...extra,
});
const num = (extra: Partial<FormField> = {}): FormField => ({
  name: 'count',
  label: 'Count',
  type: 'number',
  required: false,
  ...extra,
});

describe('validateField', () => {
  it('requires a value in required fields; whitespace is empty', () => {
    expect(validateField(text({ required: true }), '')).toBe('required');
    expect(validateField(text({ required: true }), '   ')).toBe('required');
    expect(validateField(text({ required: true }), undefined)).toBe('required');
    expect(validateField(text({ required: true }), 'Ada')).toBeUndefined();
    expect(validateField(num({ required: true }), '')).toBe('required');
    expect(validateField({ ...text({ required: true }), type: 'select', options: ['a'] }, '')).toBe('required');
  });

  it('accepts an empty optional field whatever its constraints', () => {
    expect(validateField(text({ pattern: '[0-9]+' }), '')).toBeUndefined();
    expect(validateField(num({ min: 5 }), '')).toBeUndefined();
  });

  it('never fails a checkbox: unchecked is an answer', () => {
    const field: FormField = { name: 'ok', label: 'OK', type: 'boolean', required: true };
    expect(validateField(field, false)).toBeUndefined();
    expect(validateField(field, true)).toBeUndefined();
  });

  it('checks numbers and their bounds', () => {
    expect(validateField(num(), 'abc')).toBe('number');
    expect(validateField(num(), '1e999')).toBe('number');
    expect(validateField(num(), '42')).toBeUndefined();
    expect(validateField(num(), 42)).toBeUndefined();
    expect(validateField(num({ min: 1, max: 10 }), '0')).toBe('min');
    expect(validateField(num({ min: 1, max: 10 }), '11')).toBe('max');
    expect(validateField(num({ min: 1, max: 10 }), '1')).toBeUndefined();
    expect(validateField(num({ min: 1, max: 10 }), '10')).toBeUndefined();
    expect(validateField(num({ min: 0 }), '-0.5')).toBe('min');
  });

  it('matches the pattern against the whole value', () => {
    const field = text({ pattern: '[a-z]+-[0-9]+' });
    expect(validateField(field, 'abc-123')).toBeUndefined();
    expect(validateField(field, 'xabc-123!')).toBe('pattern');
    expect(validateField(field, 'ABC-123')).toBe('pattern');
    // Alternatives are anchored as a whole, not just the first/last one.
    expect(validateField(text({ pattern: 'yes|no' }), 'yesterday')).toBe('pattern');
    expect(validateField(text({ pattern: 'yes|no' }), 'no')).toBeUndefined();
  });

  it('ignores a pattern that is not a valid regular expression', () => {
    expect(() => validateField(text({ pattern: '([a-z' }), 'anything')).not.toThrow();
    expect(validateField(text({ pattern: '([a-z' }), 'anything')).toBeUndefined();
    expect(compilePattern('([a-z')).toBeUndefined();
  });

  it('does not run a pattern on values longer than the cap', () => {
    const field = text({ pattern: 'a*' });
    expect(validateField(field, 'a'.repeat(MAX_PATTERN_INPUT_LENGTH))).toBeUndefined();
    expect(validateField(field, 'a'.repeat(MAX_PATTERN_INPUT_LENGTH + 1))).toBe('pattern');
  });

  it('returns promptly for a catastrophic pattern on a 10k input', () => {
    // `(a+)+$` backtracks exponentially on "aaa…b". It is recognised as unsafe
    // and ignored; even if it were not, the 10k input exceeds the length cap
    // and is never run through it.
    const input = `${'a'.repeat(10_000)}b`;
    expect(validateField(text({ pattern: '(a+)+$' }), input)).toBeUndefined();
  });

  it('ignores patterns that repeat a repetition', () => {
    // `b` does not match `(a+)+`, yet the unsafe pattern is not applied.
    expect(validateField(text({ pattern: '(a+)+' }), 'b')).toBeUndefined();
    expect(compilePattern('(a+)+')).toBeUndefined();
  });
});

describe('hasNestedQuantifier', () => {
  it.each([
    ['(a+)+', true],
    ['(a*)*$', true],
    ['^(\\w+\\s?)*$', true],
    ['((ab)*c)+', true],
    ['(?:x+y)+', true],
    ['([a-z]+){2,}', true],
    ['[a-z]+-[0-9]+', false],
    ['^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$', false],
    ['(foo|bar)+', false],
    ['(ab){3}', false],
    ['[(+)]+', false],
    ['\\(a+\\)+', false],
  ])('%s → %s', (pattern, unsafe) => {
    expect(hasNestedQuantifier(pattern)).toBe(unsafe);
  });
});

const FORM: InputForm = {
  title: 'Deploy',
  fields: [
    { name: 'service', label: 'Service', type: 'text', required: true, default: 'api' },
    { name: 'replicas', label: 'Replicas', type: 'number', required: false, default: 2, min: 1 },
    { name: 'region', label: 'Region', type: 'select', required: true, options: ['eu', 'us'], default: 'mars' },
    { name: 'dryRun', label: 'Dry run', type: 'boolean', required: false, default: true },
    { name: 'note', label: 'Note', type: 'text', required: false },
  ],
};

describe('initialValues', () => {
  it('starts from the defaults, ignoring a default that is not an option', () => {
    expect(initialValues(FORM)).toEqual({
      service: 'api',
      replicas: '2',
      region: '',
      dryRun: true,
      note: '',
    });
  });
});

describe('coerceValues', () => {
  it('sends numbers as numbers, booleans as booleans, and omits empty optional fields', () => {
    expect(
      coerceValues(FORM, { service: '  web  ', replicas: '3', region: 'eu', dryRun: false, note: '   ' }),
    ).toEqual({ service: 'web', replicas: 3, region: 'eu', dryRun: false });
  });

  it('drops keys the form does not define', () => {
    expect(coerceValues(FORM, { service: 'web', region: 'us', dryRun: true, extra: 'x' })).toEqual({
      service: 'web',
      region: 'us',
      dryRun: true,
    });
  });
});

describe('validateForm', () => {
  it('reports each invalid field', () => {
    expect(validateForm(FORM, { service: '', replicas: '0', region: '', dryRun: false })).toEqual({
      service: 'required',
      replicas: 'min',
      region: 'required',
    });
  });
});
