import { renderToStaticMarkup } from 'react-dom/server';
import ReactMarkdown from 'react-markdown';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { blockRendering, fencedCode, MARKDOWN_LIMITS } from './blockPolicy';
import { clearParsedMarkdown } from './MarkdownBlock';
import { MarkdownMessage } from './MarkdownMessage';

/** Every real parse, and a way to make some of them slow (a parser on a slow machine). */
const mockParsed: string[] = [];
jest.mock('react-markdown', () =>
  jest.requireActual('../../__testUtils__/countingReactMarkdown').countingReactMarkdown((markdown: string) => {
    mockParsed.push(markdown);
    const slow = /^SLOW(\d+)/.exec(markdown);
    if (!slow) return;
    const until = performance.now() + Number(slow[1]);
    while (performance.now() < until) {
      // burn the parse time a slow machine would need
    }
  }),
);

const HOSTS: string[] = [];
const F = '```';

function takeParsed(): string[] {
  return mockParsed.splice(0, mockParsed.length);
}

beforeEach(() => {
  clearParsedMarkdown();
  takeParsed();
});

describe('blockRendering', () => {
  it('parses ordinary blocks as markdown', () => {
    expect(blockRendering('Some **bold** text with a [link](https://example.com).\n\n')).toEqual({ as: 'markdown' });
    expect(blockRendering(`| a | b |\n|---|---|\n${'| 1 | 2 |\n'.repeat(300)}`)).toEqual({ as: 'markdown' });
  });

  it('shows over-long blocks and delimiter runs as plain text', () => {
    expect(blockRendering('a'.repeat(MARKDOWN_LIMITS.blockChars + 1))).toEqual({ as: 'plain', reason: 'size' });
    expect(blockRendering('*_'.repeat(MARKDOWN_LIMITS.delimiters))).toEqual({ as: 'plain', reason: 'size' });
    expect(blockRendering('['.repeat(MARKDOWN_LIMITS.delimiters + 1))).toEqual({ as: 'plain', reason: 'size' });
    expect(blockRendering(`${'> '.repeat(100)}x`)).toEqual({ as: 'plain', reason: 'nesting' });
  });

  it('shows a fenced code block as code, whatever its length', () => {
    const code = 'x'.repeat(MARKDOWN_LIMITS.blockChars * 3);
    expect(blockRendering(`${F}ts\n${code}\n${F}\n\n`)).toEqual({ as: 'code', fence: { info: 'ts', code } });
  });
});

describe('fencedCode', () => {
  /** The code text and language class react-markdown renders for the same block. */
  function parsedByReactMarkdown(block: string): { info: string; code: string } | undefined {
    // eslint-disable-next-line new-cap
    const html = renderToStaticMarkup(ReactMarkdown({ children: block }));
    const match = /^<pre><code(?: class="language-([^"]*)")?>([\s\S]*)<\/code><\/pre>$/.exec(html);
    if (!match) return undefined;
    const decode = (text: string) =>
      text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
    return { info: match[1] ?? '', code: decode(match[2]).replace(/\n$/, '') };
  }

  const blocks: Record<string, string> = {
    plain: `${F}\nline 1\nline 2\n${F}\n`,
    language: `${F}ts extra words\nconst a = 1;\n${F}\n\n`,
    tildes: '~~~py\nprint("<b>")\n~~~\n',
    indentedFence: `  ${F}\n    two more\n  one\nnone\n  ${F}\n`,
    longerCloser: `${F}\n${F}js not a closer\n${'`'.repeat(5)}\n`,
    leadingBlank: `\n\n${F}sh\nnpm test\n${F}\n`,
    crlf: `${F}\r\na\r\nb\r\n${F}\r\n`,
    empty: `${F}\n${F}\n`,
  };

  it.each(Object.entries(blocks))('gives what react-markdown gives: %s', (_name, block) => {
    expect(fencedCode(block)).toEqual(parsedByReactMarkdown(block));
  });

  it('takes an unclosed fence (still streaming) as code to the end', () => {
    expect(fencedCode(`${F}ts\nconst a = 1;\nconst b`)).toEqual({ info: 'ts', code: 'const a = 1;\nconst b' });
  });

  it('is not a code block when text follows the closing fence', () => {
    expect(fencedCode(`${F}\ncode\n${F}\nthen text\n`)).toBeUndefined();
    expect(fencedCode('not a fence\n')).toBeUndefined();
  });
});

describe('MarkdownMessage under hostile sizes', () => {
  it('shows a 200 KB line as plain text with a note, without parsing it', async () => {
    const line = 'x_*['.repeat(50_000);
    const { container } = await renderInTestApp(
      <MarkdownMessage text={`Intro\n\n${line}\n\nOutro`} streaming={false} imageAllowedHosts={HOSTS} />,
    );
    expect(takeParsed()).toEqual(['Intro\n\n', 'Outro']);
    expect(container.textContent).toContain(line);
    expect(screen.getByText('Shown as plain text: this part is too long to format.')).toBeInTheDocument();
  });

  it('shows a streaming code block without parsing it, however long it grows', async () => {
    let text = `${F}js\n`;
    const { rerender } = await renderInTestApp(<MarkdownMessage text={text} streaming imageAllowedHosts={HOSTS} />);
    for (let i = 0; i < 20; i++) {
      text += `const line${i} = ${i};\n`;
      rerender(<MarkdownMessage text={text} streaming imageAllowedHosts={HOSTS} />);
    }
    expect(takeParsed()).toEqual([]);
    expect(screen.getByText(/const line19 = 19;/)).toBeInTheDocument();
  });

  it('parses many blocks within a time budget per frame, showing the rest as plain text until their turn', async () => {
    // Each block takes 6 ms to parse: the budget allows two per frame.
    const blocks = Array.from({ length: 6 }, (_, i) => `SLOW6 block *${i}*\n\n`);
    const { container } = await renderInTestApp(
      <MarkdownMessage text={blocks.join('')} streaming={false} imageAllowedHosts={HOSTS} />,
    );
    // Not all in the first render (how many depends on when the first task ended).
    const firstFrame = takeParsed();
    expect(firstFrame.length).toBeGreaterThan(0);
    expect(firstFrame.length).toBeLessThan(6);
    // The others show their text meanwhile.
    expect(container.textContent).toContain('SLOW6 block *5*');

    await waitFor(() => expect(container.querySelectorAll('em')).toHaveLength(6));
    expect(takeParsed()).toHaveLength(6 - firstFrame.length);
  });

  it('re-parses a slow streaming tail at most once per a few times its cost', async () => {
    const { container, rerender } = await renderInTestApp(
      <MarkdownMessage text="SLOW40 the *tail*" streaming imageAllowedHosts={HOSTS} />,
    );
    expect(takeParsed()).toEqual(['SLOW40 the *tail*']);

    // Chunks right after a 40 ms parse: shown with the last tree, not parsed each time.
    rerender(<MarkdownMessage text="SLOW40 the *tail* grows" streaming imageAllowedHosts={HOSTS} />);
    rerender(<MarkdownMessage text="SLOW40 the *tail* grows and *grows*" streaming imageAllowedHosts={HOSTS} />);
    expect(takeParsed()).toEqual([]);
    expect(container.querySelectorAll('em')).toHaveLength(1);

    // Then the latest text is parsed once.
    await waitFor(() => expect(container.querySelectorAll('em')).toHaveLength(2));
    expect(takeParsed()).toEqual(['SLOW40 the *tail* grows and *grows*']);
  });
});
