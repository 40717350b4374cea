/// <reference types="react-syntax-highlighter" />
import { Component, createContext, memo, useContext, useEffect, useMemo } from 'react';
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
import { exceedsNesting } from './splitBlocks';
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
 * The fence's language (`language-xyz` class), or 'text'. It is handed to the
 * highlighter, which looks it up in a plain object: names such as
 * `constructor` must not reach it.
 */
function codeLanguage(code: HastNode): string {
  const className = code.properties?.className;
  const names = Array.isArray(className) ? className : [];
  for (const name of names) {
    if (typeof name === 'string' && name.startsWith('language-')) {
      const language = name.slice('language-'.length).toLowerCase();
      if (LANGUAGE.test(language) && !(language in Object.prototype)) {
        return Object.prototype.hasOwnProperty.call(LANGUAGE_ALIASES, language)
          ? LANGUAGE_ALIASES[language]
          : language;
      }
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
  const text = textOf(code).replace(/\n$/, '');
  const language = codeLanguage(code);
  if (settled) return <HighlightedCode code={text} language={language} />;
  return (
    <pre className={classes.plainCode}>
      <code>{text}</code>
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

/**
 * Deeper nesting than any real reply uses, far below what overflows the stack
 * (about 1,000 levels).
 */
const MAX_NESTING = 64;

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

/** Inside the error boundary: a parser that throws is caught there. */
function MarkdownTree({ text, settled }: { text: string; settled: boolean }) {
  // Not re-parsed when only `settled` flips: the tail block settles for free.
  const tree = useMemo(() => settledTrees.get(text) ?? parseMarkdown(text), [text]);
  useEffect(() => {
    if (settled) settledTrees.set(text, tree, text.length);
  }, [settled, text, tree]);
  return tree;
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
  // React escapes the text: the fallback is as safe as it is plain.
  const plain = <p className={classes.plainText}>{text.trimEnd()}</p>;
  if (exceedsNesting(text, MAX_NESTING)) return plain;
  return (
    <BlockErrorBoundary text={text} fallback={plain}>
      <BlockContext.Provider value={settings}>
        <MarkdownTree text={text} settled={settled} />
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
