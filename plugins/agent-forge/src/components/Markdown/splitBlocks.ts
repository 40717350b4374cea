/**
 * Splits markdown into top-level blocks so that a streaming message can be
 * rendered block by block: finished blocks never change, so only the last one
 * has to be parsed and rendered again when a chunk arrives.
 *
 * No React, no markdown library: a line scanner that approximates CommonMark's
 * block structure.
 *
 * ## Invariants (checked by the tests)
 *
 * 1. Lossless: `blocks.join('') === text`, every block is non-empty, and
 *    `''` gives `[]`. A block owns its trailing newline and any blank lines
 *    that follow it; leading blank lines of the text belong to the first block.
 * 2. Prefix-stable: if `text` is a prefix of `longer`, every block of
 *    `splitBlocks(text)` except the last is also a block of
 *    `splitBlocks(longer)`, at the same index. So all blocks but the last are
 *    *settled*: their strings never change while the text grows.
 * 3. Incremental = fresh: `createBlockSplitter().split(t)` returns exactly
 *    `splitBlocks(t)`, whatever sequence of prefixes it was fed before.
 *
 * ## Where blocks split
 *
 * - Before the first non-blank line after one or more blank lines, unless that
 *   line continues the block: it is indented (list-item continuation, nested
 *   list, indented code), or the block contains a list item and the line is
 *   another list item (keeps one list with the right numbering/looseness).
 * - After a fenced code block that opened on the block's first line: the next
 *   non-blank line starts a new block, blank line or not.
 * - Before a line that opens a code fence (``` or ~~~, indent at most 3) when
 *   the block so far is not a list or raw HTML (a fence interrupts a paragraph).
 *
 * Blank lines never split inside an open code fence (an unclosed fence runs to
 * the end of the text) or inside an HTML block that ends on an explicit marker
 * (`<!-- … -->`, `<script>…</script>`, `<pre>`, `<style>`, `<textarea>`,
 * `<? … ?>`, `<!X … >`, `<![CDATA[ … ]]>`), as in CommonMark.
 *
 * Erring towards merging is deliberate: a merged span renders exactly like the
 * same span inside the whole document, because each block is parsed as a
 * complete document. Splitting is where rendering could differ from parsing the
 * whole text at once; known differences: reference-style link definitions and
 * footnote definitions only apply inside their own block, and fences nested in
 * list items are tracked only when indented at most 3 spaces.
 *
 * A split is decided only from text that can no longer change: complete lines
 * (terminated by `\n`), or the first characters of the last, partial line when
 * they already decide it (e.g. a non-indented character after a blank line).
 * That is what makes the split prefix-stable.
 */

/** An incremental splitter for one growing text. */
export interface BlockSplitter {
  /**
   * Returns the blocks of `text` (same result as `splitBlocks(text)`). If
   * `text` extends the text of the previous call, only the new text (and the
   * start of the unfinished last line) is scanned; otherwise it starts over.
   */
  split(text: string): string[];
}

export interface Fence {
  char: string;
  length: number;
}

type Decision = 'split' | 'continue' | 'undecided';

const BLANK = /^[ \t\r]*$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t\r]*$/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t\r]|$)/;
/** A partial line that may still become a list item. */
const LIST_ITEM_PREFIX = /^(?:[-*+]|\d{1,9}[.)]?)$/;
const HTML_LIKE = /^ {0,3}</;
/** CommonMark HTML blocks 1–5: they end on a marker, not on a blank line. */
const HTML_BLOCKS: ReadonlyArray<{ start: RegExp; end: RegExp }> = [
  {
    start: /^ {0,3}<(?:script|pre|style|textarea)(?=[\s>]|$)/i,
    end: /<\/(?:script|pre|style|textarea)>/i,
  },
  { start: /^ {0,3}<!--/, end: /-->/ },
  { start: /^ {0,3}<\?/, end: /\?>/ },
  { start: /^ {0,3}<!\[CDATA\[/, end: /\]\]>/ },
  { start: /^ {0,3}<![A-Za-z]/, end: />/ },
];
/** How much of a partial line is looked at to decide a split. */
const PARTIAL_LOOKAHEAD = 16;

export function fenceOpener(line: string): Fence | undefined {
  const m = FENCE_OPEN.exec(line);
  if (!m) return undefined;
  const marker = m[1];
  // A backtick fence's info string may not contain a backtick.
  if (marker[0] === '`' && m[2].includes('`')) return undefined;
  return { char: marker[0], length: marker.length };
}

export function closesFence(line: string, fence: Fence): boolean {
  const m = FENCE_CLOSE.exec(line);
  return !!m && m[1][0] === fence.char && m[1].length >= fence.length;
}

/** The end marker of an HTML block (types 1–5) left open by this line. */
function openHtmlBlock(line: string): RegExp | undefined {
  for (const { start, end } of HTML_BLOCKS) {
    const m = start.exec(line);
    if (m) return end.test(line.slice(m[0].length)) ? undefined : end;
  }
  return undefined;
}

/**
 * Scans a growing text line by line and records where blocks start. Its state
 * only ever covers complete lines, so it can resume where it stopped when the
 * text grows.
 */
class Scanner {
  /** Offsets where blocks start, after the first block (which starts at 0). */
  readonly starts: number[] = [];
  /** Start of the first line not yet consumed. */
  private pos = 0;
  /** No `\n` exists in the text between `pos` and here. */
  private searchFrom = 0;

  // State of the current block (reset when a block starts).
  private hasContent = false;
  private hasList = false;
  private htmlLike = false;
  private afterBlank = false;
  private closedLeadingFence = false;
  private fence: Fence | undefined;
  private fenceLeads = false;
  private htmlEnd: RegExp | undefined;

  /** Consumes `text`, which must extend the text of the previous call. */
  advance(text: string): void {
    while (this.pos < text.length) {
      const newline = text.indexOf('\n', Math.max(this.pos, this.searchFrom));
      if (newline === -1) {
        this.searchFrom = text.length;
        this.decidePartialLine(text);
        return;
      }
      const line = text.slice(this.pos, newline);
      this.consumeLine(line);
      this.pos = newline + 1;
    }
  }

  private startBlock(at: number): void {
    this.starts.push(at);
    this.hasContent = false;
    this.hasList = false;
    this.htmlLike = false;
    this.afterBlank = false;
    this.closedLeadingFence = false;
    this.fence = undefined;
    this.fenceLeads = false;
    this.htmlEnd = undefined;
  }

  /**
   * After a blank line (or a finished leading fence), does this non-blank line
   * start a new block? `line` may be only the start of a partial line.
   */
  private decideBreak(line: string, complete: boolean): Decision {
    if (this.closedLeadingFence) return 'split';
    if (line[0] === ' ' || line[0] === '\t') return 'continue';
    if (!this.hasList) return 'split';
    if (LIST_ITEM.test(line)) {
      // "-" at the end of a partial line may still become "-x" (no list item).
      return complete || !LIST_ITEM_PREFIX.test(line) ? 'continue' : 'undecided';
    }
    return complete || !LIST_ITEM_PREFIX.test(line) ? 'split' : 'undecided';
  }

  private decidePartialLine(text: string): void {
    if (this.fence || this.htmlEnd || !this.hasContent) return;
    if (!this.afterBlank && !this.closedLeadingFence) return;
    const head = text.slice(this.pos, this.pos + PARTIAL_LOOKAHEAD);
    if (BLANK.test(head)) return; // blank so far: may stay blank
    if (this.decideBreak(head, false) === 'split') this.startBlock(this.pos);
  }

  private consumeLine(line: string): void {
    if (this.fence) {
      if (closesFence(line, this.fence)) {
        this.fence = undefined;
        this.closedLeadingFence = this.fenceLeads;
      }
      return;
    }
    if (this.htmlEnd) {
      if (this.htmlEnd.test(line)) this.htmlEnd = undefined;
      return;
    }
    if (BLANK.test(line)) {
      if (this.hasContent) this.afterBlank = true;
      return;
    }
    const opener = fenceOpener(line);
    if (this.hasContent) {
      if (this.afterBlank || this.closedLeadingFence) {
        if (this.decideBreak(line, true) === 'split') this.startBlock(this.pos);
      } else if (opener && !this.hasList && !this.htmlLike) {
        this.startBlock(this.pos);
      }
    }
    const first = !this.hasContent;
    this.hasContent = true;
    this.afterBlank = false;
    if (first) this.htmlLike = HTML_LIKE.test(line);
    if (LIST_ITEM.test(line)) this.hasList = true;
    if (opener) {
      this.fence = opener;
      this.fenceLeads = first;
      return;
    }
    this.htmlEnd = openHtmlBlock(line);
  }
}

function toBlocks(text: string, starts: readonly number[]): string[] {
  if (text.length === 0) return [];
  const blocks: string[] = [];
  let from = 0;
  for (const start of starts) {
    blocks.push(text.slice(from, start));
    from = start;
  }
  blocks.push(text.slice(from));
  return blocks;
}

/** Splits `text` into top-level markdown blocks (see the module comment). */
export function splitBlocks(text: string): string[] {
  const scanner = new Scanner();
  scanner.advance(text);
  return toBlocks(text, scanner.starts);
}

/**
 * Creates a splitter for a text that grows by appending (a streaming reply).
 * Per call, the work is proportional to the new text plus the number of blocks
 * (and one prefix comparison with the previous text, which is a native string
 * comparison). Settled block strings are kept, not re-sliced.
 */
export function createBlockSplitter(): BlockSplitter {
  let scanner = new Scanner();
  let previous = '';
  let result: string[] = [];
  /** Settled blocks; block i ends where block i + 1 starts. */
  let settled: string[] = [];

  return {
    split(text: string): string[] {
      if (text === previous) return result;
      if (!text.startsWith(previous)) {
        scanner = new Scanner();
        settled = [];
      }
      scanner.advance(text);
      const { starts } = scanner;
      for (let i = settled.length; i < starts.length; i++) {
        settled.push(text.slice(i === 0 ? 0 : starts[i - 1], starts[i]));
      }
      const tailStart = starts.length ? starts[starts.length - 1] : 0;
      result =
        text.length > tailStart
          ? [...settled, text.slice(tailStart)]
          : [...settled];
      previous = text;
      return result;
    },
  };
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}

/**
 * True if some line of `text` opens more than `limit` nested containers
 * (blockquote markers `>` and list markers `-`, `*`, `+`, `1.`, `1)`) at its
 * start, e.g. `> > > …` or `- - - …`. The markdown parser and renderer recurse
 * once per level: a couple of KB of `>` overflow the stack. Such text is shown
 * as plain text instead of being parsed. (Nesting by indentation is bounded by
 * the text size: 50 KB allows ~220 levels, which parse fine.)
 */
export function exceedsNesting(text: string, limit: number): boolean {
  let i = 0;
  while (i < text.length) {
    let depth = 0;
    for (;;) {
      while (isSpace(text[i])) i++;
      const char = text[i];
      if (char === '>') {
        i += 1;
      } else if ((char === '-' || char === '*' || char === '+') && isSpace(text[i + 1])) {
        i += 2;
      } else if (isDigit(char)) {
        let end = i;
        while (end - i < 9 && isDigit(text[end])) end++;
        if ((text[end] !== '.' && text[end] !== ')') || !isSpace(text[end + 1])) break;
        i = end + 2;
      } else {
        break;
      }
      depth += 1;
      if (depth > limit) return true;
    }
    const newline = text.indexOf('\n', i);
    if (newline === -1) return false;
    i = newline + 1;
  }
  return false;
}
