import type { Content, Parent, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toString } from 'mdast-util-to-string';
import { gfm } from 'micromark-extension-gfm';
import { blockRendering } from '../components/Markdown/blockPolicy';
import { splitBlocks } from '../components/Markdown/splitBlocks';
import { safeHttpUrl, safeLinkUrl } from '../components/Markdown/urlPolicy';

/**
 * An exported chat is opened in other tools (an editor's preview, a wiki, a
 * ticket), which render markdown with raw HTML and any link. Agent text goes
 * into the export as markdown, but neutralised the way the page shows it:
 *
 * - raw HTML is dropped, as the page drops it;
 * - links keep only http(s) and mailto targets, other links become their
 *   text; images become links (opening the file fetches nothing by itself);
 * - headings are level 3 or deeper, so no text can forge the export's own
 *   level-2 turn headings ("## You");
 * - a block the page shows as plain text (too long to parse safely) is
 *   exported as a code block, without parsing it.
 *
 * Edits are made on the source at the parser's offsets, so everything else
 * stays exactly as the agent wrote it. An edit can make new markdown of the
 * text around it (dropping `<b>` from `[a]<b>(url)` makes a link), so the
 * edited block is parsed again; if anything active is left it is exported
 * as a code block instead.
 */
export function safeMarkdown(text: string): string {
  return splitBlocks(text).map(safeBlock).join('');
}

/** Characters that open inline markdown or HTML anywhere in a line (and table cells). */
const INLINE_SPECIAL = /[\\`*_[\]<>|~&]/g;
/** What opens a block at the start of a line: headings, lists, quotes, setext underlines. */
const LINE_START_SPECIAL = /^([#+=-]|\d{1,9}(?=[.)]))/;

/** Plain text as markdown that renders as exactly that text. */
export function escapeInline(text: string): string {
  return text
    .replace(INLINE_SPECIAL, char => (char === '&' ? '&amp;' : `\\${char}`))
    .replace(LINE_START_SPECIAL, match => (/\d/.test(match[0]) ? `${match}\\` : `\\${match}`));
}

/** A fence longer than any backtick run inside, so the code cannot close it. */
export function codeBlock(text: string, info = ''): string {
  const longestRun = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map(run => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

function parse(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

function asCode(block: string): string {
  const trailing = /\s*$/.exec(block)?.[0] ?? '';
  return `${codeBlock(block.slice(0, block.length - trailing.length))}${trailing || '\n'}`;
}

function safeBlock(block: string): string {
  const rendering = blockRendering(block);
  if (rendering.as === 'code') return block;
  if (rendering.as === 'plain') return asCode(block);
  const edits: Edit[] = [];
  collectEdits(parse(block), block, edits);
  if (edits.length === 0) return block;
  let out = block;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  const left: Edit[] = [];
  collectEdits(parse(out), out, left);
  return left.length === 0 ? out : asCode(block);
}

function span(node: Content | Root): { start: number; end: number } | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : { start, end };
}

function isParent(node: Content | Root): node is Content & Parent {
  return Array.isArray((node as Parent).children);
}

/** Records the replacements for `node` and its descendants (a replaced node's children are not visited). */
function collectEdits(node: Content | Root, source: string, edits: Edit[]): void {
  const at = span(node);
  const replace = (text: string) => {
    if (at) edits.push({ ...at, text });
  };
  switch (node.type) {
    case 'html':
      replace('');
      return;
    case 'link':
      if (!safeLinkUrl(node.url)) {
        replace(escapeInline(toString(node)));
        return;
      }
      break;
    case 'image': {
      const href = safeHttpUrl(node.url);
      const alt = escapeInline(node.alt ?? '');
      replace(href ? `[${alt || escapeInline(href)}](<${href.replace(/[<>]/g, encodeURIComponent)}>)` : alt);
      return;
    }
    case 'imageReference':
      replace(escapeInline(node.alt ?? ''));
      return;
    case 'definition':
      if (!safeLinkUrl(node.url)) replace('');
      return;
    case 'heading':
      if (node.depth <= 2 && at) {
        demoteHeading(node, source, at, edits);
        // Its inline content may still hold links or HTML.
        if (source[at.start] !== '#') return;
      }
      break;
    default:
      break;
  }
  if (isParent(node)) {
    for (const child of node.children as Content[]) collectEdits(child, source, edits);
  }
}

/** Makes a level 1 or 2 heading a level 3 one. */
function demoteHeading(node: Content & { depth: number }, source: string, at: { start: number; end: number }, edits: Edit[]): void {
  if (source[at.start] === '#') {
    // ATX: one more or two more '#' in front of the marker.
    edits.push({ start: at.start, end: at.start, text: '#'.repeat(3 - node.depth) });
    return;
  }
  // Setext ("Title" over "===" or "---"): rewritten as an ATX heading of its text.
  edits.push({ ...at, text: `### ${escapeInline(toString(node).replace(/\s+/g, ' ').trim())}` });
}
