import { useRef } from 'react';
import { withAgentForgeTranslation } from '../../translationContext';
import { MarkdownBlock } from './MarkdownBlock';
import { createBlockSplitter } from './splitBlocks';
import type { BlockSplitter } from './splitBlocks';
import { MarkdownClassesContext, useMarkdownStyles } from './styles';

/** Props of {@link MarkdownMessage}. */
export interface MarkdownMessageProps {
  /** The markdown so far; while streaming it grows by appending. */
  text: string;
  /** More text may still arrive: the last block is not settled yet. */
  streaming: boolean;
  /** Hostnames images may be loaded from (exact, case-insensitive). */
  imageAllowedHosts: readonly string[];
}

/**
 * An agent's markdown reply, rendered safely and incrementally.
 *
 * The text is split into top-level blocks with one incremental splitter per
 * instance. Blocks are keyed by index; every block but the last is settled and
 * receives the same string on every render, so the memoised `MarkdownBlock`
 * skips it: a new chunk re-renders only the tail block. When not streaming,
 * every block is settled (code gets highlighted and a copy button).
 */
function MarkdownMessageImpl({ text, streaming, imageAllowedHosts }: MarkdownMessageProps) {
  const classes = useMarkdownStyles();
  const splitter = useRef<BlockSplitter>();
  if (!splitter.current) splitter.current = createBlockSplitter();
  // Idempotent for the same text, so safe to call during render.
  const blocks = splitter.current.split(text);
  const last = blocks.length - 1;
  return (
    <MarkdownClassesContext.Provider value={classes}>
      <div className={classes.root}>
        {blocks.map((block, index) => (
          <MarkdownBlock
            // Blocks only ever get appended, and a settled block never changes.
            // eslint-disable-next-line react/no-array-index-key
            key={index}
            text={block}
            settled={!streaming || index < last}
            imageAllowedHosts={imageAllowedHosts}
          />
        ))}
      </div>
    </MarkdownClassesContext.Provider>
  );
}

export const MarkdownMessage = withAgentForgeTranslation(MarkdownMessageImpl);
