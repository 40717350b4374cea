/**
 * Patterns that make a backtracking engine (the browser's RegExp) take
 * exponential or high-polynomial time, each with a 1,000-character value it
 * matches and one it does not (the slow case for a backtracking engine).
 * Shared by the unit tests (right answers), the e2e test (Submit completes)
 * and the bench (time in Chromium).
 */
export interface CatastrophicPattern {
  pattern: string;
  /** 1,000 characters the whole of which match. */
  matching: string;
  /** 1,000 characters that do not match. */
  failing: string;
}

const LENGTH = 1000;

export const CATASTROPHIC_PATTERNS: readonly CatastrophicPattern[] = [
  // Overlapping alternation: both branches can take the same characters.
  { pattern: '(a|aa)*b', matching: `${'a'.repeat(LENGTH - 1)}b`, failing: 'a'.repeat(LENGTH) },
  // Stacked greedy repetitions (high polynomial).
  { pattern: '(.*a){12}', matching: 'a'.repeat(LENGTH), failing: `${'a'.repeat(LENGTH - 1)}b` },
  { pattern: '\\d*\\d*\\d*\\d*x', matching: `${'1'.repeat(LENGTH - 1)}x`, failing: '1'.repeat(LENGTH) },
  // Nested quantifiers (exponential).
  { pattern: '(a+)+$', matching: 'a'.repeat(LENGTH), failing: `${'a'.repeat(LENGTH - 1)}b` },
  { pattern: '(\\w+\\s?)*$', matching: `${'ab '.repeat(333)}a`, failing: `${'a'.repeat(LENGTH - 1)}!` },
  { pattern: '^(([a-z])+.)+[A-Z]([a-z])+$', matching: `${'a'.repeat(LENGTH - 3)}Abc`, failing: 'a'.repeat(LENGTH) },
];
