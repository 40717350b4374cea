import { closesFence, exceedsNesting, fenceOpener } from './splitBlocks';

/**
 * How a block of agent markdown is shown. The markdown parser (micromark with
 * GFM) needs time that grows faster than the text on some inputs: long runs
 * of emphasis or bracket characters, long tables, long lines without
 * whitespace take seconds for a few kilobytes. Parsing happens on the main
 * thread, so a block is parsed only when its size bounds that time; a larger
 * one is shown as plain text (its content intact, just not formatted).
 */
export const MARKDOWN_LIMITS = {
  /** Characters of a block other than fenced code (about 0.1 s to parse at worst). */
  blockChars: 8_000,
  /**
   * Emphasis, code-span, link and HTML delimiters in such a block: their runs
   * are what makes parsing quadratic (pipes of tables are not counted).
   */
  delimiters: 2_000,
  /** Nesting of block quotes and lists (the parser recurses per level). */
  nesting: 64,
  /** Characters of code that get syntax highlighting (highlighting is regex work too). */
  highlightChars: 20_000,
} as const;

/** A block that is one fenced code block: shown as code without parsing markdown. */
export interface FencedCode {
  /** The info string's first word, e.g. `ts`; '' without one. */
  info: string;
  code: string;
}

export type BlockRendering =
  | { as: 'markdown' }
  | { as: 'code'; fence: FencedCode }
  | { as: 'plain'; reason: 'size' | 'nesting' };

const DELIMITER = /[*_[\]~`<\\]/g;

function countDelimiters(text: string, stopAt: number): number {
  DELIMITER.lastIndex = 0;
  let count = 0;
  while (DELIMITER.exec(text) !== null) {
    count += 1;
    if (count > stopAt) break;
  }
  return count;
}

function stripIndent(line: string, indent: number): string {
  let i = 0;
  while (i < indent && line[i] === ' ') i++;
  return line.slice(i);
}

/** Code lines joined; the line ending of the last one belongs to the fence, not the code. */
function joinCode(lines: string[]): string {
  return lines.join('\n').replace(/\r$/, '');
}

/**
 * The block as a fenced code block, if that is all it is: an opening fence
 * on its first non-blank line, then code up to a closing fence followed only
 * by blank lines, or to the end (a fence still streaming). The code is what
 * CommonMark makes of it: the fence's indentation removed from each line.
 */
export function fencedCode(block: string): FencedCode | undefined {
  // Decided by the first non-blank line: the other lines are split only for
  // a block that is code (this runs on a streaming tail, every frame).
  const start = /[^ \t\r\n]/.exec(block)?.index;
  if (start === undefined) return undefined;
  const lineStart = block.lastIndexOf('\n', start) + 1;
  const lineEnd = block.indexOf('\n', start);
  if (!fenceOpener(block.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).replace(/\r$/, ''))) return undefined;
  const raw = block.split('\n');
  // A CR before the LF ends a line too (fences are recognised without it).
  const lines = raw.map(line => line.replace(/\r$/, ''));
  let first = 0;
  while (first < lines.length && /^[ \t\r]*$/.test(lines[first])) first++;
  if (first === lines.length) return undefined;
  const opener = fenceOpener(lines[first]);
  if (!opener) return undefined;
  const indent = lines[first].length - lines[first].trimStart().length;
  const info = lines[first].trim().slice(opener.length).trim().split(/\s+/)[0] ?? '';
  const body: string[] = [];
  for (let i = first + 1; i < lines.length; i++) {
    if (closesFence(lines[i], opener)) {
      const rest = lines.slice(i + 1);
      return rest.every(line => /^[ \t\r]*$/.test(line)) ? { info, code: joinCode(body) } : undefined;
    }
    // Line endings inside the code stay as the agent sent them (as in CommonMark).
    body.push(stripIndent(raw[i], indent));
  }
  // Unclosed: the code runs to the end; a trailing newline ends the last line.
  if (body.length > 0 && body[body.length - 1] === '') body.pop();
  return { info, code: joinCode(body) };
}

/** Decides how to show a block (see MARKDOWN_LIMITS). */
export function blockRendering(block: string): BlockRendering {
  const fence = fencedCode(block);
  if (fence) return { as: 'code', fence };
  if (block.length > MARKDOWN_LIMITS.blockChars) return { as: 'plain', reason: 'size' };
  if (countDelimiters(block, MARKDOWN_LIMITS.delimiters) > MARKDOWN_LIMITS.delimiters) {
    return { as: 'plain', reason: 'size' };
  }
  if (exceedsNesting(block, MARKDOWN_LIMITS.nesting)) return { as: 'plain', reason: 'nesting' };
  return { as: 'markdown' };
}
