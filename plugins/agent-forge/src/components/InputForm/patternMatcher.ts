import type { RE2JS } from 're2js';

/*
 * A form field's `pattern` comes from the agent: untrusted code for a regular
 * expression engine. The browser's own engine backtracks, so a pattern such
 * as `(a|aa)*b` takes seconds on a few dozen characters, on the main thread
 * that every session shares. Patterns are therefore run by re2js, a port of
 * RE2, whose matching time is linear in the input: at most (program size ×
 * input length) steps, both bounded below. What RE2 cannot express
 * (backreferences, lookaround) is not checked here at all; the agent
 * validates what it receives anyway. Nor is the pattern ever handed to the
 * browser (no `pattern` attribute on the input).
 *
 * Semantics kept from HTML's `pattern`: the whole value must match, and the
 * pattern works on code points (as with the `u` flag: `.` is one emoji).
 * RE2's `\s`, `\d`, `\w` and `\b` are ASCII only (JavaScript's `\s` also
 * matches other Unicode spaces).
 */

/** Longest pattern compiled; a longer one is not checked. */
export const MAX_PATTERN_LENGTH = 1000;

/**
 * Longest value a pattern is run against. A longer value is reported as not
 * matching (the input accepts up to this many characters for such a field).
 */
export const MAX_PATTERN_INPUT_LENGTH = 1000;

/**
 * Largest compiled program (RE2 instructions) that is run. Matching costs up
 * to (program size × value length) steps; with this cap, the slowest
 * accepted patterns take ~20–40 ms on a 1,000-character value in Chromium on
 * a busy 2-core machine (`npm run bench` measures it), no long task.
 * Everyday patterns are far smaller (an e-mail or a semantic version: 15–60;
 * `[a-z][a-z0-9-]{2,62}`: 127); counted repetitions such as `.{0,500}` are
 * what grows a program.
 */
export const MAX_PATTERN_PROGRAM_SIZE = 200;

/** A compiled pattern. */
export interface PatternMatcher {
  /** Whether the whole value matches. */
  matches(value: string): boolean;
}

/**
 * Compiles an agent's pattern, or returns undefined when it is not checked
 * here: not valid for RE2, too long or too large.
 */
export type PatternCompiler = (pattern: string) => PatternMatcher | undefined;

const CAP = 1e9;
const GROUP_PREFIX = /^\?(?:P?<[A-Za-z_]\w*>|<[=!]|[:=!]|[A-Za-z-]*[:)])/;

/**
 * An upper bound of the program a pattern compiles to, from its text alone.
 * Counted repetitions (`x{m,n}`) copy their operand up to n times, nested
 * ones multiply: a 1,000-character pattern can expand to hundreds of
 * thousands of instructions, which takes RE2 seconds to compile. This bound
 * decides before compiling; the compiled program's own size decides after.
 */
export function programSizeBound(pattern: string): number {
  // One frame per open group: the size of its finished items, and of its
  // last item (the one a quantifier repeats).
  const stack: Array<{ done: number; last: number }> = [{ done: 0, last: 0 }];
  const top = () => stack[stack.length - 1];
  const item = (size: number) => {
    const frame = top();
    frame.done = Math.min(CAP, frame.done + frame.last);
    frame.last = size;
  };
  const closeGroup = () => {
    const frame = stack.pop()!;
    item(Math.min(CAP, frame.done + frame.last + 2));
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const letter = pattern[i + 1] ?? '';
      i += 2;
      // \p{Greek}, \x{263a}, \u{1f600}: braces that are not a repetition.
      if (pattern[i] === '{' && 'pPxu'.includes(letter)) {
        const end = pattern.indexOf('}', i);
        i = end < 0 ? pattern.length : end + 1;
      }
      item(1);
    } else if (c === '[') {
      // A class is one instruction, however many ranges it lists.
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
      item(1);
    } else if (c === '(') {
      stack.push({ done: 0, last: 0 });
      i++;
      // A group's prefix is no item: (?: (?= (?! (?<= (?<! (?<name> (?P<name> (?i: (?i)
      const prefix = pattern[i] === '?' ? GROUP_PREFIX.exec(pattern.slice(i, i + 64))?.[0] ?? '?' : '';
      i += prefix.length;
      // (?i) sets flags and ends there: no group to close.
      if (prefix.endsWith(')')) stack.pop();
    } else if (c === ')') {
      if (stack.length > 1) closeGroup();
      i++;
    } else if (c === '|') {
      const frame = top();
      frame.done = Math.min(CAP, frame.done + frame.last + 1);
      frame.last = 0;
      i++;
    } else if (c === '{') {
      const counted = /^\{(\d{0,6})(?:,(\d{0,6}))?\}/.exec(pattern.slice(i, i + 16));
      if (counted && (counted[1] || counted[2])) {
        // x{m,n} is m copies and n − m optional ones (two instructions each).
        const times = 2 * Math.max(Number(counted[1] || 0), Number(counted[2] || 0)) + 1;
        top().last = Math.min(CAP, top().last * times);
        i += counted[0].length;
      } else {
        item(1);
        i++;
      }
    } else if (c === '*' || c === '+' || c === '?') {
      top().last += 1;
      i++;
    } else {
      item(1);
      i++;
    }
  }
  while (stack.length > 1) closeGroup();
  return top().done + top().last;
}

/** Builds the compiler on a loaded re2js; compiled patterns are cached. */
export function re2Compiler(engine: typeof RE2JS): PatternCompiler {
  const cache = new Map<string, PatternMatcher | null>();
  const compileNew = (pattern: string): PatternMatcher | null => {
    // The bound leaves room for its own overestimate; the real size decides.
    if (pattern.length > MAX_PATTERN_LENGTH || programSizeBound(pattern) > 4 * MAX_PATTERN_PROGRAM_SIZE) return null;
    try {
      const re = engine.compile(engine.translateRegExp(pattern));
      if (re.programSize() > MAX_PATTERN_PROGRAM_SIZE) return null;
      return { matches: value => re.testExact(value) };
    } catch {
      // Not valid for RE2 (e.g. a backreference or a lookahead).
      return null;
    }
  };
  return pattern => {
    let matcher = cache.get(pattern);
    if (matcher === undefined) {
      matcher = compileNew(pattern);
      if (cache.size >= 200) cache.clear();
      cache.set(pattern, matcher);
    }
    return matcher ?? undefined;
  };
}

/** Used when re2js could not be loaded: no pattern is checked here. */
const CHECKS_NOTHING: PatternCompiler = () => undefined;

let loaded: PatternCompiler | undefined;
let loading: Promise<PatternCompiler> | undefined;

/** The compiler, if re2js has been loaded already. */
export function loadedPatternCompiler(): PatternCompiler | undefined {
  return loaded;
}

/**
 * Loads re2js: a chunk of its own (150 KB minified, 45 KB gzip, mostly
 * Unicode tables; the rest of the plugin is ~64 KB gzip), fetched only when
 * a form with a pattern is shown. Never rejects: if the chunk cannot be
 * loaded, patterns are not checked this time (the agent validates) and the
 * next call tries again.
 */
export function loadPatternCompiler(): Promise<PatternCompiler> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= import('re2js').then(
    ({ RE2JS: engine }) => {
      loaded = re2Compiler(engine);
      return loaded;
    },
    () => {
      loading = undefined;
      return CHECKS_NOTHING;
    },
  );
  return loading;
}
