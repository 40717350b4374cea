/// <reference types="react-syntax-highlighter" />
import { Component, createContext, memo, useContext, useEffect, useMemo, useReducer, useRef } from 'react';
import type { CSSProperties, ReactElement, ReactNode } from 'react';
import ReactMarkdown from 'react-markdown';
import type { Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CopyTextButton } from '@backstage/core-components';
import { useTheme } from '@material-ui/core';
// The same async highlighter build as Backstage's CodeSnippet (so the language
// chunks are shared), with the a11y themes: CodeSnippet's docco and dark
// colours fail WCAG contrast (axe: 3.75:1 for strings).
import LightAsync from 'react-syntax-highlighter/dist/esm/light-async';
import a11yDark from 'react-syntax-highlighter/dist/esm/styles/hljs/a11y-dark';
import a11yLight from 'react-syntax-highlighter/dist/esm/styles/hljs/a11y-light';
import { LruCache } from '../../lib/LruCache';
import { useAgentForgeT, withAgentForgeTranslation } from '../../translationContext';
import { CODE_PADDING, MONO, MarkdownClassesContext, useMarkdownStyles } from './styles';
import type { MarkdownClasses } from './styles';
import { pieces } from '../../lib/text';
import { blockRendering, MARKDOWN_LIMITS } from './blockPolicy';
import { mayParse, parseClock, timedParse, whenBudgetRenews } from './parseBudget';
import { isImageAllowed, safeHttpUrl, safeLinkUrl } from './urlPolicy';

/** Props of {@link MarkdownBlock}. */
export interface MarkdownBlockProps {
  /** One top-level markdown block (see `splitBlocks`). */
  text: string;
  /**
   * The block will not change any more: code is syntax-highlighted and gets a
   * copy button. While false, code renders as a plain `<pre><code>`.
   */
  settled: boolean;
  /** Hostnames images may be loaded from (exact, case-insensitive). */
  imageAllowedHosts: readonly string[];
}

interface BlockSettings {
  settled: boolean;
  imageAllowedHosts: readonly string[];
  classes: MarkdownClasses;
}

/**
 * The element renderers below are module-level constants (react-markdown
 * remounts everything whose component identity changes), so per-block settings
 * reach them through context.
 */
const BlockContext = createContext<BlockSettings | undefined>(undefined);
/** True inside a rendered link: an image fallback must not nest another <a>. */
const InsideLinkContext = createContext(false);

function useBlock(): BlockSettings {
  const block = useContext(BlockContext);
  if (!block) throw new Error('Markdown elements must render inside MarkdownBlock');
  return block;
}

/** The parts of a hast node this file reads (no dependency on `hast`). */
interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

function textOf(node: HastNode): string {
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(textOf).join('');
}

const LANGUAGE = /^[a-z0-9][a-z0-9_+#.-]{0,31}$/;

/** Common fence names → highlight.js language names. */
const LANGUAGE_ALIASES: Readonly<Record<string, string>> = {
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  py: 'python',
  rb: 'ruby',
  rs: 'rust',
  kt: 'kotlin',
  golang: 'go',
  sh: 'bash',
  zsh: 'bash',
  console: 'bash',
  shell: 'bash',
  ps1: 'powershell',
  pwsh: 'powershell',
  yml: 'yaml',
  html: 'xml',
  svg: 'xml',
  md: 'markdown',
  'c++': 'cpp',
  cs: 'csharp',
  'c#': 'csharp',
  docker: 'dockerfile',
  plaintext: 'text',
  txt: 'text',
};

/**
 * A fence's language name as the highlighter knows it, or 'text'. The
 * highlighter looks it up in a plain object: names such as `constructor`
 * must not reach it.
 */
function normalizeLanguage(name: string): string {
  const language = name.toLowerCase();
  if (!LANGUAGE.test(language) || language in Object.prototype) return 'text';
  return Object.prototype.hasOwnProperty.call(LANGUAGE_ALIASES, language) ? LANGUAGE_ALIASES[language] : language;
}

/** The language of a parsed code element (its `language-xyz` class), or 'text'. */
function codeLanguage(code: HastNode): string {
  const className = code.properties?.className;
  const names = Array.isArray(className) ? className : [];
  for (const name of names) {
    if (typeof name === 'string' && name.startsWith('language-')) {
      return normalizeLanguage(name.slice('language-'.length));
    }
  }
  return 'text';
}

const HIGHLIGHT_STYLE: CSSProperties = {
  margin: 0,
  padding: CODE_PADDING,
  fontFamily: MONO,
  fontSize: '0.85rem',
  overflowX: 'auto',
};

function HighlightedCode({ code, language }: { code: string; language: string }) {
  const { classes } = useBlock();
  const theme = useTheme();
  const t = useAgentForgeT();
  return (
    <div className={classes.codeBlock}>
      <LightAsync
        language={language}
        style={theme.palette.type === 'dark' ? a11yDark : a11yLight}
        customStyle={HIGHLIGHT_STYLE}
      >
        {code}
      </LightAsync>
      <div className={classes.copyButton}>
        <CopyTextButton
          text={code}
          aria-label={t('conversation.copy')}
          tooltipText={t('conversation.copied')}
        />
      </div>
    </div>
  );
}

/** Block code: react-markdown renders it as <pre><code class="language-x">. */
function CodeBlock({ node, children }: { node?: unknown; children?: ReactNode }) {
  const { settled, classes } = useBlock();
  const pre = node as HastNode | undefined;
  const code = pre?.children?.find(
    child => child.type === 'element' && child.tagName === 'code',
  );
  if (!code) return <pre className={classes.plainCode}>{children}</pre>;
  // mdast-util-to-hast appends a newline to the fence content.
  return <CodeView code={textOf(code).replace(/\n$/, '')} language={codeLanguage(code)} settled={settled} />;
}

/**
 * Code as the reader sees it: highlighted with a copy button once settled
 * (and not too long to highlight), plain while it streams.
 */
function CodeView({ code, language, settled }: { code: string; language: string; settled: boolean }) {
  const { classes } = useBlock();
  if (settled && code.length <= MARKDOWN_LIMITS.highlightChars) return <HighlightedCode code={code} language={language} />;
  return (
    <pre className={classes.plainCode}>
      <code>{code}</code>
    </pre>
  );
}

function InlineCode({ children }: { children?: ReactNode }) {
  return <code>{children}</code>;
}

function SafeLink({
  href,
  title,
  children,
}: {
  href?: string;
  title?: string;
  children?: ReactNode;
}) {
  const safe = safeLinkUrl(href);
  if (!safe) return <span>{children}</span>;
  return (
    <InsideLinkContext.Provider value>
      <a href={safe} title={title} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    </InsideLinkContext.Provider>
  );
}

function SafeImage({ src, alt, title }: { src?: string; alt?: string; title?: string }) {
  const { imageAllowedHosts } = useBlock();
  const insideLink = useContext(InsideLinkContext);
  if (src && isImageAllowed(src, imageAllowedHosts)) {
    return (
      <img
        src={src}
        alt={alt ?? ''}
        title={title}
        loading="lazy"
        referrerPolicy="no-referrer"
      />
    );
  }
  // Never an <img>: the browser must not fetch a URL the agent chose.
  const href = safeHttpUrl(src);
  const label = alt || href || '';
  if (href && !insideLink) {
    return (
      <a href={href} title={title} target="_blank" rel="noopener noreferrer">
        {label}
      </a>
    );
  }
  return <span>{label}</span>;
}

function Table({ children }: { children?: ReactNode }) {
  const { classes } = useBlock();
  return (
    <div className={classes.tableScroll}>
      <table>{children}</table>
    </div>
  );
}

const COMPONENTS: Components = {
  a: SafeLink,
  img: SafeImage,
  pre: CodeBlock,
  code: InlineCode,
  table: Table,
};

const REMARK_PLUGINS = [remarkGfm];

/** react-markdown's default would turn unsafe links into `javascript:void(0)`. */
function transformLinkUri(href: string): string {
  return safeLinkUrl(href) ?? '';
}

function transformImageUri(src: string): string {
  return safeHttpUrl(src) ?? '';
}

function sameHosts(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((host, i) => host === b[i]));
}

function sameProps(a: MarkdownBlockProps, b: MarkdownBlockProps): boolean {
  return (
    a.text === b.text &&
    a.settled === b.settled &&
    sameHosts(a.imageAllowedHosts, b.imageAllowedHosts)
  );
}

interface BoundaryProps {
  text: string;
  fallback: ReactNode;
  children: ReactNode;
}

interface BoundaryState {
  text: string;
  failed: boolean;
}

/**
 * If rendering a block throws (whatever the agent found to break the parser),
 * that block shows as plain text instead of taking the conversation down. A
 * new text for the block gets a new attempt.
 */
class BlockErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  static getDerivedStateFromProps(
    props: BoundaryProps,
    state: BoundaryState,
  ): Partial<BoundaryState> | null {
    return props.text === state.text ? null : { text: props.text, failed: false };
  }

  static getDerivedStateFromError(): Partial<BoundaryState> {
    return { failed: true };
  }

  state: BoundaryState = { text: this.props.text, failed: false };

  render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/**
 * Rendered trees of settled blocks, by their text, for the whole page: a
 * conversation shown again (a session switch, a remount) re-uses them instead
 * of parsing its markdown again. The tree holds no per-block settings (those
 * come through BlockContext), so equal text means an equal tree. Bounded by
 * the characters of the cached text.
 */
const settledTrees = new LruCache<string, ReactElement>(1_000_000);

/** For tests that count parses: forget every cached tree. */
export function clearParsedMarkdown(): void {
  settledTrees.clear();
}

/** Parses `text` (react-markdown 8's component is a plain function: no hooks). */
function parseMarkdown(text: string): ReactElement {
  // Called, not rendered: the tree is what gets cached.
  // eslint-disable-next-line new-cap
  return ReactMarkdown({
    children: text,
    remarkPlugins: REMARK_PLUGINS,
    skipHtml: true,
    transformLinkUri,
    transformImageUri,
    components: COMPONENTS,
  });
}

/**
 * A tail that streams is parsed again as it grows. When one parse costs more
 * than a frame, the next waits this many times that cost (the text shown lags
 * a little) so that parsing never takes over the main thread.
 */
const REPARSE_COST_FACTOR = 4;

interface ParsedTree {
  text?: string;
  tree?: ReactElement;
  parsedAt: number;
  costMs: number;
}

/**
 * Inside the error boundary: a parser that throws is caught there. Parses
 * within the page's parse budget (parseBudget.ts); until a block's turn
 * comes it shows its last tree, or its plain text.
 */
function MarkdownTree({ text, settled, plain }: { text: string; settled: boolean; plain: ReactElement }) {
  const parsed = useRef<ParsedTree>({ parsedAt: -Infinity, costMs: 0 });
  const [, retry] = useReducer((n: number) => n + 1, 0);
  const state = parsed.current;
  let waitMs: number | undefined;
  if (state.text !== text) {
    const cached = settledTrees.get(text);
    const sinceLast = parseClock() - state.parsedAt;
    const throttle = settled || !state.tree ? 0 : REPARSE_COST_FACTOR * state.costMs - sinceLast;
    if (cached) {
      state.text = text;
      state.tree = cached;
    } else if (throttle > 0) {
      waitMs = throttle;
    } else if (mayParse()) {
      const { result, ms } = timedParse(() => parseMarkdown(text));
      Object.assign(state, { text, tree: result, costMs: ms, parsedAt: parseClock() });
    } else {
      waitMs = 0;
    }
  }
  useEffect(() => {
    if (waitMs === undefined) return undefined;
    if (waitMs > 0) {
      const timer = setTimeout(retry, waitMs);
      return () => clearTimeout(timer);
    }
    return whenBudgetRenews(retry);
  });
  const current = state.text === text ? state.tree : undefined;
  useEffect(() => {
    if (settled && current) settledTrees.set(text, current, text.length);
  }, [settled, text, current]);
  return state.tree ?? plain;
}

/** Characters per piece of a long plain block: appending re-renders only the last piece. */
const PLAIN_PIECE = 4_096;

const PlainPiece = memo(function PlainPieceView({ text }: { text: string }) {
  return <span style={{ display: 'block' }}>{text}</span>;
});

/** A block shown as plain text, in pieces (React escapes the text: as safe as it is plain). */
function PlainText({ text, className }: { text: string; className: string }) {
  const trimmed = text.trimEnd();
  if (trimmed.length <= PLAIN_PIECE) return <p className={className}>{trimmed}</p>;
  return (
    <div className={className}>
      {pieces(trimmed, PLAIN_PIECE).map((piece, index) => (
        // Pieces only ever get appended, and a full piece never changes.
        // eslint-disable-next-line react/no-array-index-key
        <PlainPiece key={index} text={piece} />
      ))}
    </div>
  );
}

function TooLongNote() {
  const t = useAgentForgeT();
  const { classes } = useBlock();
  return <span className={classes.plainNote}>{t('conversation.plainBlock')}</span>;
}

function BlockBody({
  text,
  settled,
  imageAllowedHosts,
  classes,
}: MarkdownBlockProps & { classes: MarkdownClasses }) {
  const settings = useMemo(
    () => ({ settled, imageAllowedHosts, classes }),
    [settled, imageAllowedHosts, classes],
  );
  const rendering = useMemo(() => blockRendering(text), [text]);
  if (rendering.as === 'code') {
    return (
      <BlockContext.Provider value={settings}>
        <CodeView code={rendering.fence.code} language={normalizeLanguage(rendering.fence.info)} settled={settled} />
      </BlockContext.Provider>
    );
  }
  const plain = <PlainText text={text} className={classes.plainText} />;
  if (rendering.as === 'plain') {
    return (
      <BlockContext.Provider value={settings}>
        {rendering.reason === 'size' && <TooLongNote />}
        {plain}
      </BlockContext.Provider>
    );
  }
  return (
    <BlockErrorBoundary text={text} fallback={plain}>
      <BlockContext.Provider value={settings}>
        <MarkdownTree text={text} settled={settled} plain={plain} />
      </BlockContext.Provider>
    </BlockErrorBoundary>
  );
}

/** A block rendered outside `MarkdownMessage` brings its own styles. */
function StandaloneBlock(props: MarkdownBlockProps) {
  const classes = useMarkdownStyles();
  return (
    <div className={classes.root}>
      <BlockBody {...props} classes={classes} />
    </div>
  );
}

/**
 * Renders one markdown block. Raw HTML is never rendered: react-markdown
 * escapes it, and `skipHtml` drops it (an inline tag such as `<b>x</b>`
 * disappears but its text `x` stays; an HTML block disappears entirely).
 * Dropping reads better than showing tag soup in a chat, and agents put HTML
 * they mean to show in code spans/blocks, which render as code.
 *
 * Memoised: it re-renders only when `text`, `settled` or the contents of
 * `imageAllowedHosts` change. Inside `MarkdownMessage` it takes the message's
 * classes from context; on its own it wraps itself in the message styles.
 */
function MarkdownBlockRenderer(props: MarkdownBlockProps) {
  const classes = useContext(MarkdownClassesContext);
  if (!classes) return <StandaloneBlock {...props} />;
  return <BlockBody {...props} classes={classes} />;
}

export const MarkdownBlock = memo(withAgentForgeTranslation(MarkdownBlockRenderer), sameProps);
