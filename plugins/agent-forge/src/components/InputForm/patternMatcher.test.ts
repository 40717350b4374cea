import { RE2JS } from 're2js';
import { CATASTROPHIC_PATTERNS } from './__fixtures__/catastrophicPatterns';
import {
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_PROGRAM_SIZE,
  loadPatternCompiler,
  loadedPatternCompiler,
  programSizeBound,
  re2Compiler,
} from './patternMatcher';

const compile = re2Compiler(RE2JS);
const matches = (pattern: string, value: string) => compile(pattern)?.matches(value);

describe('re2Compiler', () => {
  // No timing here (the bench measures it): a backtracking engine would
  // still be running; these must simply give the right answer.
  it.each(CATASTROPHIC_PATTERNS)('answers $pattern on 1,000-character values', ({ pattern, matching, failing }) => {
    expect(matching).toHaveLength(1000);
    expect(failing).toHaveLength(1000);
    expect(matches(pattern, matching)).toBe(true);
    expect(matches(pattern, failing)).toBe(false);
  });

  it('matches the whole value, alternatives included', () => {
    expect(matches('[a-z]+-[0-9]+', 'abc-123')).toBe(true);
    expect(matches('[a-z]+-[0-9]+', 'xabc-123!')).toBe(false);
    expect(matches('yes|no', 'yesterday')).toBe(false);
    expect(matches('yes|no', 'no')).toBe(true);
  });

  it('works on code points, as the HTML pattern attribute does', () => {
    expect(matches('.', '😀')).toBe(true);
    expect(matches('.{2}', '😀')).toBe(false);
    expect(matches('\\u{1F600}+', '😀😀')).toBe(true);
    expect(matches('(?<word>[a-z]+)', 'named')).toBe(true);
  });

  it.each([
    ['a backreference', '(a)\\1'],
    ['a lookahead', '(?=a)a'],
    ['a negative lookbehind', '(?<!x)a'],
    ['an invalid pattern', '([a-z'],
  ])('leaves %s unchecked', (_what, pattern) => {
    expect(compile(pattern)).toBeUndefined();
  });

  it('leaves a pattern longer than the cap unchecked', () => {
    // Long to read, small to run: ten characters, one instruction.
    const classes = '[a-z0-9_-]'.repeat(MAX_PATTERN_LENGTH / 10);
    expect(compile(classes)).toBeDefined();
    expect(compile(`${classes}?`)).toBeUndefined();
  });

  it('leaves a pattern whose program is too large unchecked, even a short one', () => {
    expect(compile('.{0,90}')).toBeDefined();
    // A few characters that expand to hundreds of thousands of instructions.
    expect(compile('(?:[\\s\\S]{0,999}){0,1}x'.repeat(3))).toBeUndefined();
    expect(compile(`[\\s\\S]{0,${MAX_PATTERN_PROGRAM_SIZE}}`)).toBeUndefined();
  });

  it('gives the same answer again from its cache', () => {
    expect(compile('a+')).toBe(compile('a+'));
    expect(compile('(a)\\1')).toBe(compile('(a)\\1'));
  });
});

describe('programSizeBound', () => {
  it.each([
    '(a|aa)*b',
    '^[a-z][a-z0-9-]{2,62}$',
    '^\\d{4}-\\d{2}-\\d{2}$',
    '.{0,255}',
    '[\\s\\S]{0,999}x',
    '(?:\\p{L}{0,99}){0,9}',
    '(?:(?:a{10}){10}){10}',
    '\\x{263a}{1,50}',
    '[^]]{0,40}',
  ])('is not below the compiled size of %s (give or take the two final instructions)', pattern => {
    const actual = RE2JS.compile(RE2JS.translateRegExp(pattern)).programSize();
    expect(programSizeBound(pattern)).toBeGreaterThanOrEqual(actual - 3);
  });

  it('does not mistake \\p{…} or \\x{…} for a repetition', () => {
    expect(programSizeBound('\\p{Greek}')).toBe(1);
    expect(programSizeBound('\\x{1000}')).toBe(1);
  });

  it('does not count a group’s prefix or a flags group as items', () => {
    for (const group of ['(?:a)', '(?<name>a)', '(?P<name>a)', '(?i:a)', '(a)']) {
      expect(programSizeBound(`${group}{10}`)).toBe(programSizeBound('(a){10}'));
    }
    expect(programSizeBound('(?i)a{10}')).toBe(programSizeBound('a{10}'));
  });

  it('bounds nested repetitions without overflowing', () => {
    expect(programSizeBound('((((a{999999}){999999}){999999}){999999})')).toBeGreaterThan(1e6);
    expect(Number.isFinite(programSizeBound('(a{999999})'.repeat(100)))).toBe(true);
  });
});

describe('loadPatternCompiler', () => {
  it('loads re2js once and then has it at hand', async () => {
    const first = await loadPatternCompiler();
    expect(loadedPatternCompiler()).toBe(first);
    expect(await loadPatternCompiler()).toBe(first);
    expect(first('(a|aa)*b')?.matches('a'.repeat(1000))).toBe(false);
  });
});
