import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { clearParsedMarkdown } from './MarkdownBlock';
import { MarkdownMessage } from './MarkdownMessage';

/** The markdown of every real parse (see countingReactMarkdown). */
const mockRendered: string[] = [];
jest.mock('react-markdown', () =>
  jest.requireActual('../../__testUtils__/countingReactMarkdown').countingReactMarkdown((markdown: string) => {
    mockRendered.push(markdown);
    if (markdown.startsWith('BOOM!')) throw new Error('parser failure');
  }),
);

const F = '```';
const HOSTS = ['images.example.com'];
const BLOCKS = [
  '# Release notes\n\n',
  '- fixed the flaky test\n- bumped dependencies\n\n',
  `${F}ts\nconst answer = 42;\n${F}\n\n`,
  '| a | b |\n|---|---|\n| 1 | 2 |\n\n',
  'The tail paragraph is still',
];

/** The blocks react-markdown parses: a fenced code block is shown as code without parsing. */
const PARSED_BLOCKS = BLOCKS.filter(block => !block.startsWith(F));

function takeRendered(): string[] {
  return mockRendered.splice(0, mockRendered.length);
}

describe('MarkdownMessage memoisation', () => {
  beforeEach(() => {
    clearParsedMarkdown();
    takeRendered();
  });

  it('re-renders only the tail block when a chunk arrives', async () => {
    const text = BLOCKS.join('');
    const { rerender } = await renderInTestApp(
      <MarkdownMessage text={text} streaming imageAllowedHosts={HOSTS} />,
    );
    expect(takeRendered()).toEqual(PARSED_BLOCKS);

    // A chunk extends the last block.
    rerender(
      <MarkdownMessage text={`${text} streaming in`} streaming imageAllowedHosts={HOSTS} />,
    );
    expect(takeRendered()).toEqual(['The tail paragraph is still streaming in']);
    expect(screen.getByText('The tail paragraph is still streaming in')).toBeInTheDocument();

    // Many small chunks: each one renders the tail only.
    let current = `${text} streaming in`;
    for (const chunk of [',', ' one', ' word', ' at', ' a', ' time.']) {
      current += chunk;
      rerender(<MarkdownMessage text={current} streaming imageAllowedHosts={HOSTS} />);
      expect(takeRendered()).toEqual([BLOCKS[4] + current.slice(text.length)]);
    }
  });

  it('renders the previous tail once more when it settles, then only the new tail', async () => {
    const text = BLOCKS.join('');
    const { rerender } = await renderInTestApp(
      <MarkdownMessage text={text} streaming imageAllowedHosts={HOSTS} />,
    );
    takeRendered();

    rerender(
      <MarkdownMessage text={`${text}.\n\nA new block`} streaming imageAllowedHosts={HOSTS} />,
    );
    expect(takeRendered()).toEqual(['The tail paragraph is still.\n\n', 'A new block']);

    rerender(
      <MarkdownMessage text={`${text}.\n\nA new block grows`} streaming imageAllowedHosts={HOSTS} />,
    );
    expect(takeRendered()).toEqual(['A new block grows']);
  });

  it('does not parse blocks again for a new allow-list (images read it when they render)', async () => {
    const text = BLOCKS.join('');
    const { rerender } = await renderInTestApp(
      <MarkdownMessage text={text} streaming imageAllowedHosts={[...HOSTS]} />,
    );
    takeRendered();
    rerender(<MarkdownMessage text={text} streaming imageAllowedHosts={[...HOSTS]} />);
    expect(takeRendered()).toEqual([]);
    rerender(<MarkdownMessage text={text} streaming imageAllowedHosts={['other.example.com']} />);
    expect(takeRendered()).toEqual([]);
  });

  it('does not parse the last block again when streaming ends, and highlights it', async () => {
    const text = `${BLOCKS.join('')}\n\n${F}sh\nnpm test\n${F}\n`;
    const { container, rerender } = await renderInTestApp(
      <MarkdownMessage text={text} streaming imageAllowedHosts={HOSTS} />,
    );
    expect(await screen.findAllByRole('button', { name: 'Copy' })).toHaveLength(1);
    takeRendered();

    rerender(<MarkdownMessage text={text} streaming={false} imageAllowedHosts={HOSTS} />);
    expect(takeRendered()).toEqual([]);
    expect(await screen.findAllByRole('button', { name: 'Copy' })).toHaveLength(2);
    expect(container.querySelectorAll('pre')).toHaveLength(2);
  });

  it('does not parse a settled message again when it is shown again (a session switch)', async () => {
    const text = BLOCKS.join('');
    const first = await renderInTestApp(<MarkdownMessage text={text} streaming imageAllowedHosts={HOSTS} />);
    expect(takeRendered()).toEqual(PARSED_BLOCKS);
    first.unmount();

    const { container } = await renderInTestApp(<MarkdownMessage text={text} streaming imageAllowedHosts={HOSTS} />);
    // The four settled blocks come from the cache; the unsettled tail is parsed again.
    expect(takeRendered()).toEqual([BLOCKS[4]]);
    expect(container.querySelector('h1')?.textContent).toBe('Release notes');
    expect(container.querySelectorAll('li')).toHaveLength(2);
    expect(container.querySelectorAll('td')).toHaveLength(2);
  });

  it('starts over when the text is replaced', async () => {
    const { container, rerender } = await renderInTestApp(
      <MarkdownMessage text={BLOCKS.join('')} streaming imageAllowedHosts={HOSTS} />,
    );
    takeRendered();
    rerender(<MarkdownMessage text={'# Another\n\nanswer'} streaming imageAllowedHosts={HOSTS} />);
    expect(takeRendered()).toEqual(['# Another\n\n', 'answer']);
    expect(container.textContent).toBe('Anotheranswer');
  });
});

describe('MarkdownMessage resilience', () => {
  beforeEach(() => takeRendered());

  it('shows hostile deep nesting as plain text without parsing it', async () => {
    const deep = `${'> '.repeat(3000)}x`;
    const { container } = await renderInTestApp(
      <MarkdownMessage text={`Before\n\n${deep}\n\nAfter`} streaming={false} imageAllowedHosts={HOSTS} />,
    );
    expect(takeRendered()).toEqual(['Before\n\n', 'After']);
    expect(container.querySelector('blockquote')).toBeNull();
    expect(container.textContent).toContain(deep);
    expect(screen.getByText('After')).toBeInTheDocument();
  });

  it('shows a block whose rendering throws as plain text, and retries it when it grows', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const text = '# Fine\n\nBOOM! *not* parsed';
      const { rerender } = await renderInTestApp(
        <MarkdownMessage text={text} streaming imageAllowedHosts={HOSTS} />,
      );
      expect(screen.getByRole('heading', { name: 'Fine' })).toBeInTheDocument();
      expect(screen.getByText('BOOM! *not* parsed')).toBeInTheDocument();

      takeRendered();
      rerender(<MarkdownMessage text={`${text}\n\nNext *block*`} streaming imageAllowedHosts={HOSTS} />);
      // The grown block was given another chance (and failed again).
      expect(takeRendered()).toContain('BOOM! *not* parsed\n\n');
      expect(screen.getByText('BOOM! *not* parsed')).toBeInTheDocument();
      expect(screen.getByText('block').tagName).toBe('EM');
      expect(screen.getByRole('heading', { name: 'Fine' })).toBeInTheDocument();
    } finally {
      error.mockRestore();
    }
  });
});
