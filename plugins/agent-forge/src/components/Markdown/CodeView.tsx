/// <reference types="react-syntax-highlighter" />
import type { CSSProperties, ReactNode } from 'react';
import { CopyTextButton } from '@backstage/core-components';
import { useTheme } from '@material-ui/core';
// The same async highlighter build as Backstage's CodeSnippet (so the language
// chunks are shared), with the a11y themes: CodeSnippet's docco and dark
// colours fail WCAG contrast (axe: 3.75:1 for strings).
import LightAsync from 'react-syntax-highlighter/dist/esm/light-async';
import a11yDark from 'react-syntax-highlighter/dist/esm/styles/hljs/a11y-dark';
import a11yLight from 'react-syntax-highlighter/dist/esm/styles/hljs/a11y-light';
import { useAgentForgeT } from '../../translationContext';
import { useBlock } from './blockContext';
import { MARKDOWN_LIMITS } from './blockPolicy';
import { CODE_PADDING, MONO } from './styles';

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
export function normalizeLanguage(name: string): string {
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
export function CodeBlock({ node, children }: { node?: unknown; children?: ReactNode }) {
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
export function CodeView({ code, language, settled }: { code: string; language: string; settled: boolean }) {
  const { classes } = useBlock();
  if (settled && code.length <= MARKDOWN_LIMITS.highlightChars) return <HighlightedCode code={code} language={language} />;
  return (
    <pre className={classes.plainCode}>
      <code>{code}</code>
    </pre>
  );
}
