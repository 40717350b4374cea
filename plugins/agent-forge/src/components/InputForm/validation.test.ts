import { RE2JS } from 're2js';
import type { FormField } from '../../sessions/model';
import { CATASTROPHIC_PATTERNS } from './__fixtures__/catastrophicPatterns';
import { MAX_PATTERN_INPUT_LENGTH, re2Compiler } from './patternMatcher';
import {
  answerableFields,
  coerceValues,
  hasPattern,
  initialValues,
  submittedValue,
  validateField,
  validateForm,
} from './validation';

const compile = re2Compiler(RE2JS);

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

/** Names every plain object answers to through its prototype. */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

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
    expect(validateField(text({ pattern: '[0-9]+' }), '', compile)).toBeUndefined();
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
    expect(validateField(field, 'abc-123', compile)).toBeUndefined();
    expect(validateField(field, 'xabc-123!', compile)).toBe('pattern');
    expect(validateField(field, 'ABC-123', compile)).toBe('pattern');
    // Alternatives are anchored as a whole, not just the first/last one.
    expect(validateField(text({ pattern: 'yes|no' }), 'yesterday', compile)).toBe('pattern');
    expect(validateField(text({ pattern: 'yes|no' }), 'no', compile)).toBeUndefined();
  });

  it('checks no pattern until the engine is there', () => {
    expect(validateField(text({ pattern: '[0-9]+' }), 'abc')).toBeUndefined();
    expect(validateField(text({ pattern: '[0-9]+', required: true }), '')).toBe('required');
  });

  it('ignores a pattern the engine cannot check (invalid, or beyond RE2)', () => {
    expect(validateField(text({ pattern: '([a-z' }), 'anything', compile)).toBeUndefined();
    expect(validateField(text({ pattern: '(a)\\1' }), 'ab', compile)).toBeUndefined();
  });

  it('refuses a value longer than the cap as too long, without running the pattern', () => {
    const field = text({ pattern: 'a*' });
    expect(validateField(field, 'a'.repeat(MAX_PATTERN_INPUT_LENGTH), compile)).toBeUndefined();
    expect(validateField(field, 'a'.repeat(MAX_PATTERN_INPUT_LENGTH + 1), compile)).toBe('tooLong');
    // Without a (checkable) pattern, length is not limited.
    expect(validateField(text(), 'a'.repeat(10_000), compile)).toBeUndefined();
  });

  it.each(CATASTROPHIC_PATTERNS)(
    'gives the right answer for $pattern on 1,000-character values',
    ({ pattern, matching, failing }) => {
      expect(validateField(text({ pattern }), matching, compile)).toBeUndefined();
      expect(validateField(text({ pattern }), failing, compile)).toBe('pattern');
    },
  );
});

describe('hasPattern', () => {
  it('is true only for a text field with a pattern', () => {
    expect(hasPattern([text(), num()])).toBe(false);
    expect(hasPattern([text(), text({ pattern: 'a+' })])).toBe(true);
    expect(hasPattern([num({ pattern: 'a+' })])).toBe(false);
  });
});

const FIELDS: FormField[] = [
  { name: 'service', label: 'Service', type: 'text', required: true, default: 'api' },
  { name: 'replicas', label: 'Replicas', type: 'number', required: false, default: 2, min: 1 },
  { name: 'region', label: 'Region', type: 'select', required: true, options: ['eu', 'us'], default: 'mars' },
  { name: 'dryRun', label: 'Dry run', type: 'boolean', required: false, default: true },
  { name: 'note', label: 'Note', type: 'text', required: false },
];

describe('initialValues', () => {
  it('starts from the defaults, by field index, ignoring a default that is not an option', () => {
    expect(initialValues(FIELDS)).toEqual(['api', '2', '', true, '']);
  });
});

describe('coerceValues', () => {
  it('sends numbers as numbers, booleans as booleans, and omits empty optional fields', () => {
    expect(coerceValues(FIELDS, ['  web  ', '3', 'eu', false, '   '])).toEqual({
      service: 'web',
      replicas: 3,
      region: 'eu',
      dryRun: false,
    });
  });
});

describe('validateForm', () => {
  it('reports each invalid field by index', () => {
    expect(validateForm(FIELDS, ['', '0', '', false, ''])).toEqual(['required', 'min', 'required', undefined, undefined]);
  });
});

describe('field names are data', () => {
  const named = (name: string, extra: Partial<FormField> = {}): FormField => ({
    name,
    label: `Label of ${name}`,
    type: 'text',
    required: true,
    ...extra,
  });
  const fields = PROTOTYPE_NAMES.map(name => named(name, { default: `value of ${name}` }));

  it('starts, validates and answers fields named like Object.prototype members', () => {
    const values = initialValues(fields);
    expect(values).toEqual(PROTOTYPE_NAMES.map(name => `value of ${name}`));
    expect(validateForm(fields, values)).toEqual(PROTOTYPE_NAMES.map(() => undefined));
    expect(validateForm(fields, PROTOTYPE_NAMES.map(() => ''))).toEqual(PROTOTYPE_NAMES.map(() => 'required'));

    const answer = coerceValues(fields, values);
    expect(Object.keys(answer)).toEqual(PROTOTYPE_NAMES);
    for (const name of PROTOTYPE_NAMES) {
      expect(Object.getOwnPropertyDescriptor(answer, name)?.value).toBe(`value of ${name}`);
    }
    // The answer is a plain object: its prototype was not replaced.
    expect(Object.getPrototypeOf(answer)).toBe(Object.prototype);
  });

  it('keeps __proto__ an own property through JSON, a spread and structuredClone', () => {
    const answer = coerceValues([named('__proto__'), named('plain')], ['x', 'y']);
    const sent = JSON.stringify({ values: answer });
    expect(sent).toBe('{"values":{"__proto__":"x","plain":"y"}}');

    const received = JSON.parse(sent).values;
    const copies = [received, { ...received }, structuredClone(received)];
    for (const copy of copies) {
      expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toBe('x');
      expect(submittedValue(copy, '__proto__')).toEqual({ value: 'x' });
    }
  });

  it('finds no submitted value through the prototype', () => {
    const answer = JSON.parse('{"plain": "y"}');
    for (const name of PROTOTYPE_NAMES) expect(submittedValue(answer, name)).toBeUndefined();
    expect(submittedValue(answer, 'plain')).toEqual({ value: 'y' });
  });

  it('answers integer-like and odd names as given', () => {
    const odd = [named('10'), named('2'), named(' '), named('a.b'), named('')];
    expect(coerceValues(odd, ['ten', 'two', 'space', 'dot', 'empty'])).toEqual({
      '2': 'two',
      '10': 'ten',
      ' ': 'space',
      'a.b': 'dot',
      '': 'empty',
    });
  });

  it('answers a repeated name from its first field and leaves the later ones out', () => {
    const repeated = [named('env', { required: false }), named('other'), named('env')];
    expect(answerableFields(repeated)).toEqual({ fields: repeated.slice(0, 2), duplicates: 1 });
    // Even handed every field, the answer has the first field's value.
    expect(coerceValues(repeated, ['', 'o', 'second'])).toEqual({ other: 'o' });
    expect(coerceValues(repeated, ['first', 'o', 'second'])).toEqual({ env: 'first', other: 'o' });
  });
});
