export { MarkdownMessage } from './MarkdownMessage';
export type { MarkdownMessageProps } from './MarkdownMessage';
export { MarkdownBlock } from './MarkdownBlock';
export type { MarkdownBlockProps } from './MarkdownBlock';
export { createBlockSplitter, exceedsNesting, splitBlocks } from './splitBlocks';
export type { BlockSplitter } from './splitBlocks';
export { isImageAllowed, safeHttpUrl, safeLinkUrl } from './urlPolicy';
