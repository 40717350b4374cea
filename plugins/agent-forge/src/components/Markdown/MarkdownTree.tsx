import { useContext, useEffect, useReducer, useRef } from 'react';
import type { ReactElement, ReactNode } from 'react';
import ReactMarkdown from 'react-markdown';
import type { Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { LruCache } from '../../lib/LruCache';
import { InsideLinkContext, useBlock } from './blockContext';
import { CodeBlock } from './CodeView';
import { mayParse, parseClock, timedParse, whenBudgetRenews } from './parseBudget';
import { isImageAllowed, safeHttpUrl, safeLinkUrl } from './urlPolicy';

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
export function MarkdownTree({ text, settled, plain }: { text: string; settled: boolean; plain: ReactElement }) {
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
