/*
 * Directives are slash-words in the user's text that tune the scripted reply
 * ("/chunks 200 /delay 5 explain streaming"). They are parsed leniently: case
 * does not matter, `/chunks 5`, `/chunks=5` and `/chunks:5` are the same, a
 * numeric directive without a usable number keeps its default, values are
 * clamped to sane limits, and anything that is not a known directive
 * (including paths such as /usr/bin) stays part of the prompt.
 */

export interface DirectiveDefaults {
  /** Number of `streaming_result` chunks. */
  chunks: number;
  /** Pause between published events, in milliseconds. */
  delayMs: number;
  /** Approximate answer size in KiB (0 = just the natural answer). */
  sizeKb: number;
}

export interface Directives extends DirectiveDefaults {
  /** Delay before the first event (and so the first byte of the response). */
  hangMs: number;
  /** Fail the task (status failed) after this many chunks. */
  failAfterChunk?: number;
  /** Raise a JSON-RPC error on the stream after this many chunks. */
  errorAfterChunk?: number;
  /** End in input-required with a form. */
  input: boolean;
  /** Reply with the prompt only, as a single Message. */
  echo: boolean;
  /** The user text without the recognised directives. */
  prompt: string;
  /** Recognised directives in order of appearance, for display ("/chunks 5"). */
  applied: string[];
}

export const DIRECTIVE_LIMITS = {
  chunks: { min: 1, max: 20000 },
  delayMs: { min: 0, max: 10000 },
  sizeKb: { min: 0, max: 2048 },
  hangMs: { min: 0, max: 120000 },
  /** For the optional chunk index of /fail and /error. */
  chunkIndex: { min: 0, max: 20000 },
} as const;

export const DEFAULT_DIRECTIVES: DirectiveDefaults = {
  chunks: 24,
  delayMs: 40,
  sizeKb: 0,
};

type NumericName = 'chunks' | 'delay' | 'size' | 'hang';
type FlagName = 'fail' | 'error' | 'input' | 'echo';
const NUMERIC: readonly string[] = ['chunks', 'delay', 'size', 'hang'];
const FLAGS: readonly string[] = ['fail', 'error', 'input', 'echo'];

// A directive starts at the beginning of the text or after whitespace, and
// its name must end at whitespace, "=", ":" or the end of the text. The
// optional argument is a number (a leading minus is accepted so that it can
// be clamped instead of being left behind in the prompt).
const DIRECTIVE_RE =
  /(^|\s)\/([a-z]+)(?=[\s=:]|$)(?:\s*[=:]?\s*(-?\d+(?:\.\d+)?)(?=\s|$))?/gi;

function clamp(value: number, limits: { min: number; max: number }): number {
  return Math.min(limits.max, Math.max(limits.min, Math.round(value)));
}

export function parseDirectives(
  text: string,
  defaults: DirectiveDefaults = DEFAULT_DIRECTIVES,
): Directives {
  const result: Directives = {
    ...defaults,
    hangMs: 0,
    input: false,
    echo: false,
    prompt: '',
    applied: [],
  };

  const prompt = text.replace(
    DIRECTIVE_RE,
    (match, lead: string, rawName: string, rawArg: string | undefined) => {
      const name = rawName.toLowerCase();
      if (!NUMERIC.includes(name) && !FLAGS.includes(name)) {
        return match; // unknown: leave it in the prompt untouched
      }
      // Drop the directive with the whitespace before it, keeping a line
      // break so that removing a directive never joins two lines.
      const replacement = lead.includes('\n') ? lead : '';
      if (rawArg !== undefined && (name === 'input' || name === 'echo')) {
        // These take no argument: a number after them belongs to the prompt.
        result.applied.push(`/${name}`);
        applyFlag(result, name);
        return `${replacement}${match.slice(lead.length + 1 + rawName.length)}`;
      }
      const arg = rawArg === undefined ? undefined : Number(rawArg);
      if (NUMERIC.includes(name)) {
        if (arg !== undefined && Number.isFinite(arg)) {
          applyNumeric(result, name as NumericName, arg);
        }
      } else {
        applyFlag(result, name as FlagName, arg);
      }
      result.applied.push(arg === undefined ? `/${name}` : `/${name} ${arg}`);
      return replacement;
    },
  );

  result.prompt = prompt.trim();
  return result;
}

function applyNumeric(result: Directives, name: NumericName, arg: number) {
  switch (name) {
    case 'chunks':
      result.chunks = clamp(arg, DIRECTIVE_LIMITS.chunks);
      break;
    case 'delay':
      result.delayMs = clamp(arg, DIRECTIVE_LIMITS.delayMs);
      break;
    case 'size':
      result.sizeKb = clamp(arg, DIRECTIVE_LIMITS.sizeKb);
      break;
    case 'hang':
      result.hangMs = clamp(arg, DIRECTIVE_LIMITS.hangMs);
      break;
    default:
      break;
  }
}

function applyFlag(result: Directives, name: FlagName, arg?: number) {
  // /fail and /error take an optional "after N chunks"; without it they
  // trigger half-way through the answer (resolved by the executor, which
  // knows the final chunk count).
  const after =
    arg === undefined || !Number.isFinite(arg)
      ? -1
      : clamp(arg, DIRECTIVE_LIMITS.chunkIndex);
  switch (name) {
    case 'fail':
      result.failAfterChunk = after;
      break;
    case 'error':
      result.errorAfterChunk = after;
      break;
    case 'input':
      result.input = true;
      break;
    case 'echo':
      result.echo = true;
      break;
    default:
      break;
  }
}
