import { Component, memo, useContext, useMemo } from 'react';
import type { ReactNode } from 'react';
import { useAgentForgeT, withAgentForgeTranslation } from '../../translationContext';
import { BlockContext, useBlock } from './blockContext';
import { blockRendering } from './blockPolicy';
import { CodeView, normalizeLanguage } from './CodeView';
import { MarkdownTree } from './MarkdownTree';
import { PlainText } from './PlainText';
import { MarkdownClassesContext, useMarkdownStyles } from './styles';
import type { MarkdownClasses } from './styles';

export { clearParsedMarkdown } from './MarkdownTree';

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
