import { createContext, useContext } from 'react';
import type { MarkdownClasses } from './styles';

export interface BlockSettings {
  settled: boolean;
  imageAllowedHosts: readonly string[];
  classes: MarkdownClasses;
}

/**
 * The element renderers (MarkdownTree.tsx, CodeView.tsx) are module-level constants (react-markdown
 * remounts everything whose component identity changes), so per-block settings
 * reach them through context.
 */
export const BlockContext = createContext<BlockSettings | undefined>(undefined);
/** True inside a rendered link: an image fallback must not nest another <a>. */
export const InsideLinkContext = createContext(false);

export function useBlock(): BlockSettings {
  const block = useContext(BlockContext);
  if (!block) throw new Error('Markdown elements must render inside MarkdownBlock');
  return block;
}
