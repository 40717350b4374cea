import { createContext } from 'react';
import { makeStyles } from '@material-ui/core/styles';

/** Padding shared by streaming (plain) and highlighted code, so nothing jumps. */
export const CODE_PADDING = '8px 12px';
export const MONO =
  'ui-monospace, SFMono-Regular, Menlo, Monaco, Consolas, "Liberation Mono", monospace';

/**
 * Chat-sized typography for agent markdown. Every colour comes from the MUI
 * palette, so it follows the light and dark Backstage themes.
 */
export const useMarkdownStyles = makeStyles(
  theme => {
    const dark = theme.palette.type === 'dark';
    const codeBackground = dark ? 'rgba(255, 255, 255, 0.06)' : 'rgba(0, 0, 0, 0.04)';
    return {
      root: {
        ...theme.typography.body2,
        color: theme.palette.text.primary,
        minWidth: 0,
        overflowWrap: 'anywhere',
        wordBreak: 'break-word',
        '& > :first-child': { marginTop: 0 },
        '& > :last-child': { marginBottom: 0 },
        '& p, & ul, & ol, & blockquote, & pre, & dl, & hr': {
          margin: theme.spacing(0, 0, 1),
        },
        '& h1, & h2, & h3, & h4, & h5, & h6': {
          margin: theme.spacing(1.5, 0, 0.5),
          fontWeight: theme.typography.fontWeightBold as number,
          lineHeight: 1.3,
        },
        '& h1': { fontSize: '1.25rem' },
        '& h2': { fontSize: '1.15rem' },
        '& h3': { fontSize: '1.05rem' },
        '& h4, & h5, & h6': { fontSize: '1rem' },
        '& ul, & ol': { paddingLeft: theme.spacing(3) },
        '& li > p': { margin: 0 },
        '& li + li': { marginTop: theme.spacing(0.25) },
        '& li > ul, & li > ol': { margin: 0 },
        '& blockquote': {
          padding: theme.spacing(0, 1.5),
          borderLeft: `3px solid ${theme.palette.divider}`,
          color: theme.palette.text.secondary,
        },
        '& hr': {
          border: 0,
          borderTop: `1px solid ${theme.palette.divider}`,
        },
        '& a': { color: theme.palette.primary.main },
        '& code': {
          fontFamily: MONO,
          fontSize: '0.9em',
        },
        // Inline code only: block code is inside a <pre>.
        '& :not(pre) > code': {
          padding: '1px 4px',
          borderRadius: 4,
          backgroundColor: codeBackground,
          // On the tinted background, secondary text (a blockquote's) misses 4.5:1.
          color: theme.palette.text.primary,
        },
        '& img': { maxWidth: '100%', height: 'auto' },
        '& input[type="checkbox"]': { margin: theme.spacing(0, 0.5, 0, 0) },
        // Footnote heading emitted by remark-gfm: for screen readers only.
        '& .sr-only': {
          position: 'absolute',
          width: 1,
          height: 1,
          overflow: 'hidden',
          clip: 'rect(0 0 0 0)',
          whiteSpace: 'nowrap',
        },
        '& section.footnotes': {
          marginTop: theme.spacing(1),
          color: theme.palette.text.secondary,
          fontSize: '0.9em',
        },
      },
      tableScroll: {
        maxWidth: '100%',
        overflowX: 'auto',
        margin: theme.spacing(0, 0, 1),
        '& table': {
          borderCollapse: 'collapse',
          fontSize: '0.95em',
        },
        '& th, & td': {
          border: `1px solid ${theme.palette.divider}`,
          padding: theme.spacing(0.5, 1),
          verticalAlign: 'top',
          overflowWrap: 'normal',
          wordBreak: 'normal',
          minWidth: 64,
        },
        '& th': {
          backgroundColor: theme.palette.action.hover,
          fontWeight: theme.typography.fontWeightBold as number,
        },
        '& tbody tr:nth-child(even)': {
          backgroundColor: dark ? 'rgba(255, 255, 255, 0.02)' : 'rgba(0, 0, 0, 0.02)',
        },
      },
      codeBlock: {
        position: 'relative',
        margin: theme.spacing(0, 0, 1),
        borderRadius: 4,
        overflow: 'hidden',
        '& pre': {
          margin: '0 !important',
          overflowX: 'auto',
        },
      },
      copyButton: {
        position: 'absolute',
        top: 0,
        right: 0,
      },
      plainCode: {
        margin: theme.spacing(0, 0, 1),
        padding: CODE_PADDING,
        overflowX: 'auto',
        borderRadius: 4,
        backgroundColor: codeBackground,
        whiteSpace: 'pre',
        overflowWrap: 'normal',
        wordBreak: 'normal',
        '& code': { fontSize: '0.85rem' },
      },
      /** A block shown as its raw text (see MarkdownBlock). */
      plainText: {
        margin: theme.spacing(0, 0, 1),
        whiteSpace: 'pre-wrap',
      },
      plainNote: {
        display: 'block',
        marginBottom: theme.spacing(0.5),
        color: theme.palette.text.secondary,
        fontSize: theme.typography.caption.fontSize,
        fontStyle: 'italic',
      },
    };
  },
  { name: 'AgentForgeMarkdown' },
);

export type MarkdownClasses = ReturnType<typeof useMarkdownStyles>;

/**
 * The classes of the enclosing `MarkdownMessage`. Blocks read them from here
 * instead of calling `useMarkdownStyles` themselves: a makeStyles hook
 * subscribes to MUI's StylesContext, which Backstage's theme provider recreates
 * whenever it re-renders, and that would re-render every memoised block.
 */
export const MarkdownClassesContext = createContext<MarkdownClasses | undefined>(undefined);
