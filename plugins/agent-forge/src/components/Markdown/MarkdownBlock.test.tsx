import { renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import { MarkdownBlock } from './MarkdownBlock';
import { MarkdownMessage } from './MarkdownMessage';

const HOSTS = ['images.example.com'];
const F = '```';

function renderBlock(text: string, settled = true) {
  return renderInTestApp(
    <MarkdownBlock text={text} settled={settled} imageAllowedHosts={HOSTS} />,
  );
}

describe('MarkdownBlock', () => {
  describe('links', () => {
    it.each([
      ['[docs](https://example.com/docs)', 'docs', 'https://example.com/docs'],
      ['<https://example.com/auto>', 'https://example.com/auto', 'https://example.com/auto'],
      ['see www.example.com today', 'www.example.com', 'http://www.example.com'],
      ['[mail me](mailto:me@example.com)', 'mail me', 'mailto:me@example.com'],
      ['[ref][r]\n\n[r]: https://example.com/ref', 'ref', 'https://example.com/ref'],
    ])('%s opens in a new tab without opener or referrer', async (text, name, href) => {
      await renderBlock(text);
      const link = screen.getByRole('link', { name });
      expect(link).toHaveAttribute('href', href);
      expect(link).toHaveAttribute('target', '_blank');
      expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    });

    it.each([
      '[click me](javascript:alert(1))',
      '[click me](/relative/path)',
      '[click me](#section)',
      '[click me](data:text/html,hi)',
    ])('%s renders as plain text', async text => {
      const { container } = await renderBlock(text);
      expect(screen.queryByRole('link')).not.toBeInTheDocument();
      expect(container.querySelector('a')).toBeNull();
      expect(screen.getByText('click me').tagName).toBe('SPAN');
    });
  });

  describe('images', () => {
    it('renders an allow-listed image as a lazy <img> without referrer', async () => {
      await renderBlock('![A chart](https://IMAGES.example.com/chart.png "Chart")');
      const img = screen.getByRole('img', { name: 'A chart' });
      expect(img).toHaveAttribute('src', 'https://IMAGES.example.com/chart.png');
      expect(img).toHaveAttribute('loading', 'lazy');
      expect(img).toHaveAttribute('referrerpolicy', 'no-referrer');
      expect(img).toHaveAttribute('title', 'Chart');
    });

    it('renders a non-allow-listed image as a link labelled with its alt text, never an <img>', async () => {
      const { container } = await renderBlock('![Tracking pixel](https://evil.example/p.png)');
      expect(container.querySelector('img')).toBeNull();
      const link = screen.getByRole('link', { name: 'Tracking pixel' });
      expect(link).toHaveAttribute('href', 'https://evil.example/p.png');
      expect(link).toHaveAttribute('target', '_blank');
      expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    });

    it('labels the fallback link with the URL when there is no alt text', async () => {
      await renderBlock('![](https://evil.example/p.png)');
      expect(screen.getByRole('link', { name: 'https://evil.example/p.png' })).toBeInTheDocument();
    });

    it('renders an image with a non-http URL as its alt text only', async () => {
      const { container } = await renderBlock('![Logo](data:image/png;base64,iVBORw0KGgo=)');
      expect(container.querySelector('img')).toBeNull();
      expect(container.querySelector('a')).toBeNull();
      expect(screen.getByText('Logo')).toBeInTheDocument();
    });

    it('does not nest a fallback link inside a link', async () => {
      const { container } = await renderBlock(
        '[![Badge](https://evil.example/badge.svg)](https://example.com/ci)',
      );
      expect(container.querySelector('img')).toBeNull();
      expect(container.querySelectorAll('a')).toHaveLength(1);
      expect(screen.getByRole('link', { name: 'Badge' })).toHaveAttribute('href', 'https://example.com/ci');
    });
  });

  describe('code', () => {
    const code = `${F}python\ndef f():\n\n    return 1\n${F}`;

    it('renders a settled code block highlighted, with a copy button', async () => {
      const { container } = await renderBlock(code, true);
      expect(await screen.findByRole('button', { name: 'Copy' })).toBeInTheDocument();
      const pre = container.querySelector('pre')!;
      expect(pre.textContent).toBe('def f():\n\n    return 1');
      expect(pre.querySelector('code')!.className).toContain('language-python');
      // The highlighter loads the language asynchronously, then colours it.
      await waitFor(() => expect(pre.querySelector('code span[style*="color"]')).not.toBeNull());
      expect(pre.textContent).toBe('def f():\n\n    return 1');
    });

    it('renders a streaming code block as a plain <pre><code>, without copy button', async () => {
      const { container } = await renderBlock(code, false);
      const pre = container.querySelector('pre')!;
      expect(pre.children).toHaveLength(1);
      const codeElement = pre.children[0];
      expect(codeElement.tagName).toBe('CODE');
      expect(codeElement.children).toHaveLength(0); // no highlighting spans
      expect(codeElement.textContent).toBe('def f():\n\n    return 1');
      expect(screen.queryByRole('button')).not.toBeInTheDocument();
    });

    it('renders inline code as <code> outside any <pre>', async () => {
      const { container } = await renderBlock('Run `npm test` now');
      const codeElement = container.querySelector('code')!;
      expect(codeElement.textContent).toBe('npm test');
      expect(codeElement.closest('pre')).toBeNull();
      expect(screen.queryByRole('button')).not.toBeInTheDocument();
    });

    it.each(['constructor', '__proto__', 'toString', 'x'.repeat(100)])(
      'survives the fence language %s',
      async language => {
        const { container } = await renderBlock(`${F}${language}\nhello\n${F}`, true);
        await screen.findByRole('button', { name: 'Copy' });
        expect(container.querySelector('pre')!.textContent).toBe('hello');
      },
    );
  });

  it('renders a table inside a horizontally scrolling wrapper', async () => {
    await renderBlock('| Name | Value |\n|:-----|------:|\n| a | 1 |\n| b | 2 |');
    const table = screen.getByRole('table');
    expect(within(table).getAllByRole('columnheader').map(h => h.textContent)).toEqual(['Name', 'Value']);
    expect(within(table).getAllByRole('cell').map(c => c.textContent)).toEqual(['a', '1', 'b', '2']);
    expect(getComputedStyle(table.parentElement!).overflowX).toBe('auto');
  });

  it('drops raw HTML tags instead of showing them, keeping their text', async () => {
    const { container } = await renderBlock('Hello <b>bold</b> <span style="color:red">world</span>');
    expect(container.textContent).toBe('Hello bold world');
    expect(container.querySelector('b, span[style]')).toBeNull();
  });

  it('drops an HTML block entirely', async () => {
    const { container } = await renderBlock('<div class="x">\nsecret\n</div>');
    expect(container.textContent).toBe('');
  });
});

describe('MarkdownMessage', () => {
  const text = `# Title\n\nIntro.\n\n${F}js\nconst a = 1;\n${F}\n\n${F}sh\nls\n`;

  it('settles every block when not streaming', async () => {
    const { container } = await renderInTestApp(
      <MarkdownMessage text={text} streaming={false} imageAllowedHosts={HOSTS} />,
    );
    expect(await screen.findAllByRole('button', { name: 'Copy' })).toHaveLength(2);
    expect(screen.getByRole('heading', { level: 1, name: 'Title' })).toBeInTheDocument();
    expect(container.querySelectorAll('pre')).toHaveLength(2);
  });

  it('settles all blocks but the last while streaming', async () => {
    const { container, rerender } = await renderInTestApp(
      <MarkdownMessage text={text} streaming imageAllowedHosts={HOSTS} />,
    );
    // The first fence is settled (highlighted, copy button), the tail is plain.
    expect(await screen.findAllByRole('button', { name: 'Copy' })).toHaveLength(1);
    const pres = container.querySelectorAll('pre');
    expect(pres).toHaveLength(2);
    expect(pres[1].textContent).toBe('ls');
    expect(pres[1].querySelector('code')!.children).toHaveLength(0);

    rerender(<MarkdownMessage text={text} streaming={false} imageAllowedHosts={HOSTS} />);
    expect(await screen.findAllByRole('button', { name: 'Copy' })).toHaveLength(2);
  });
});
