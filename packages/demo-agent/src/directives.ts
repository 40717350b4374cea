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
  /** Send the task, then nothing more until the task is canceled. */
  silent: boolean;
  /**
   * Transport faults (`/status`, `/html`, `/malformed`, `/truncate`, `/drop`)
   * happen below the SDK, in the HTTP layer (see faults.ts); `/unknown` is
   * scripted by the executor.
   */
  faults: TransportFaults;
  /** Add artifacts with made-up names and a status with an unknown state. */
  unknown: boolean;
  /** The user text without the recognised directives. */
  prompt: string;
  /** Recognised directives in order of appearance, for display ("/chunks 5"). */
  applied: string[];
}

/** Faults produced in the HTTP layer, below the SDK (see faults.ts). */
export interface TransportFaults {
  /** Answer the JSON-RPC POST with this HTTP status and an HTML error page. */
  httpStatus?: number;
  /** Answer the JSON-RPC POST with HTTP 200 and an HTML page. */
  html?: boolean;
  /** After N answer chunks, one SSE event whose data is not JSON, then the end. */
  malformedAfterChunk?: number;
  /** After N answer chunks, half an SSE event (no line end), then a clean end. */
  truncateAfterChunk?: number;
  /** After N answer chunks, the TCP connection is destroyed; the task runs on. */
  dropAfterChunk?: number;
}

export const DIRECTIVE_LIMITS = {
  chunks: { min: 1, max: 20000 },
  delayMs: { min: 0, max: 10000 },
  sizeKb: { min: 0, max: 2048 },
  hangMs: { min: 0, max: 120000 },
  /** For the optional chunk index of /fail, /error, /malformed, /truncate, /drop. */
  chunkIndex: { min: 0, max: 20000 },
  /** HTTP status of /status. */
  httpStatus: { min: 400, max: 599 },
} as const;

/** HTTP status of `/status` without a number. */
export const DEFAULT_FAULT_STATUS = 500;

export const DEFAULT_DIRECTIVES: DirectiveDefaults = {
  chunks: 24,
  delayMs: 40,
  sizeKb: 0,
};

type NumericName = 'chunks' | 'delay' | 'size' | 'hang';
type FlagName =
  | 'fail'
  | 'error'
  | 'input'
  | 'echo'
  | 'silent'
  | 'status'
  | 'html'
  | 'malformed'
  | 'truncate'
  | 'drop'
  | 'unknown';
const NUMERIC: readonly string[] = ['chunks', 'delay', 'size', 'hang'];
const FLAGS: readonly string[] = [
  'fail',
  'error',
  'input',
  'echo',
  'silent',
  'status',
  'html',
  'malformed',
  'truncate',
  'drop',
  'unknown',
];
/** Flags that take no argument: a number after them belongs to the prompt. */
const NO_ARGUMENT: readonly string[] = [
  'input',
  'echo',
  'silent',
  'html',
  'unknown',
];

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
    silent: false,
    faults: {},
    unknown: false,
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
      if (rawArg !== undefined && NO_ARGUMENT.includes(name)) {
        // These take no argument: a number after them belongs to the prompt.
        result.applied.push(`/${name}`);
        applyFlag(result, name as FlagName);
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
  // knows the final chunk count). The transport faults default to 0: the
  // very first event is the faulty one.
  const given = arg !== undefined && Number.isFinite(arg);
  const after = given ? clamp(arg, DIRECTIVE_LIMITS.chunkIndex) : -1;
  const afterOrZero = Math.max(0, after);
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
    case 'silent':
      result.silent = true;
      break;
    case 'status':
      result.faults.httpStatus = given
        ? clamp(arg, DIRECTIVE_LIMITS.httpStatus)
        : DEFAULT_FAULT_STATUS;
      break;
    case 'html':
      result.faults.html = true;
      break;
    case 'malformed':
      result.faults.malformedAfterChunk = afterOrZero;
      break;
    case 'truncate':
      result.faults.truncateAfterChunk = afterOrZero;
      break;
    case 'drop':
      result.faults.dropAfterChunk = afterOrZero;
      break;
    case 'unknown':
      result.unknown = true;
      break;
    default:
      break;
  }
}
