import { createBlockSplitter, exceedsNesting, splitBlocks } from './splitBlocks';
import { prng } from '../../__testUtils__/seededRandom';
import { AGENT_REPLY, CRLF_REPLY, EDGE_CASES } from './__fixtures__/documents';

const F = '```';

/** Prefix lengths of `text` when streamed in random chunks of 1..maxChunk. */
function chunkedPrefixLengths(length: number, seed: number, maxChunk: number): number[] {
  const random = prng(seed);
  const lengths: number[] = [];
  let at = 0;
  while (at < length) {
    at = Math.min(length, at + 1 + Math.floor(random() * maxChunk));
    lengths.push(at);
  }
  return lengths;
}

/**
 * Feeds `text` through one incremental splitter, prefix by prefix, and checks
 * at every step: same blocks as a fresh split, lossless, and no settled block
 * ever changed.
 */
function checkGrowth(text: string, prefixLengths: number[]) {
  const splitter = createBlockSplitter();
  let previous: string[] = [];
  for (const length of prefixLengths) {
    const prefix = text.slice(0, length);
    const blocks = splitter.split(prefix);
    const fresh = splitBlocks(prefix);
    if (blocks.length !== fresh.length || blocks.some((b, i) => b !== fresh[i])) {
      throw new Error(`incremental != fresh at length ${length}`);
    }
    if (blocks.join('') !== prefix || blocks.some(b => b.length === 0)) {
      throw new Error(`not lossless at length ${length}`);
    }
    // Every block settled at the previous step is unchanged now.
    for (let i = 0; i < previous.length - 1; i++) {
      if (blocks[i] !== previous[i]) {
        throw new Error(`settled block ${i} changed at length ${length}`);
      }
    }
    previous = blocks;
  }
  return previous;
}

describe('splitBlocks', () => {
  it('returns no blocks for empty text', () => {
    expect(splitBlocks('')).toEqual([]);
  });

  it('splits headings and paragraphs at blank lines, keeping the blank lines', () => {
    expect(splitBlocks('# Title\n\nPara one\nline two\n\n\n## Sub\n\nLast')).toEqual([
      '# Title\n\n',
      'Para one\nline two\n\n\n',
      '## Sub\n\n',
      'Last',
    ]);
  });

  it('gives leading blank lines to the first block', () => {
    expect(splitBlocks('\n\nHello\n\nWorld')).toEqual(['\n\nHello\n\n', 'World']);
  });

  it('handles CRLF line endings', () => {
    expect(splitBlocks('a\r\n\r\nb\r\n')).toEqual(['a\r\n\r\n', 'b\r\n']);
  });

  it('does not end a fenced code block at a blank line', () => {
    const code = `${F}js\nconst a = 1;\n\n\nconst b = 2;\n${F}\n\n`;
    expect(splitBlocks(`Intro\n\n${code}After`)).toEqual(['Intro\n\n', code, 'After']);
  });

  it('closes a fence only with the same character and at least the same length', () => {
    const tilde = `~~~\n${F}\n\n${F}\n~~~\n`;
    expect(splitBlocks(`${tilde}next`)).toEqual([tilde, 'next']);
    const long = '````\n```\n\nstill code\n````\n';
    expect(splitBlocks(`${long}next`)).toEqual([long, 'next']);
  });

  it('runs an unclosed fence to the end of the text', () => {
    const text = `${F}\na\n\n# not a heading\n\n- not a list\n\nb`;
    expect(splitBlocks(text)).toEqual([text]);
  });

  it('starts a new block after a fence that opened the block, blank line or not', () => {
    expect(splitBlocks(`${F}\nx\n${F}\nText`)).toEqual([`${F}\nx\n${F}\n`, 'Text']);
    expect(splitBlocks(`${F}\nx\n${F}\n\n    indented`)).toEqual([
      `${F}\nx\n${F}\n\n`,
      '    indented',
    ]);
  });

  it('splits before a fence that interrupts a paragraph', () => {
    expect(splitBlocks(`Here:\n${F}sh\nls\n\nls -la\n${F}\nDone.`)).toEqual([
      'Here:\n',
      `${F}sh\nls\n\nls -la\n${F}\n`,
      'Done.',
    ]);
  });

  it('does not treat a backtick line with a backtick in its info string as a fence', () => {
    expect(splitBlocks(`${F} a\`b\n\npara`)).toEqual([`${F} a\`b\n\n`, 'para']);
  });

  it('does not treat a 4-space indented backtick line as a fence', () => {
    expect(splitBlocks(`    ${F}\n\npara`)).toEqual([`    ${F}\n\n`, 'para']);
  });

  it('keeps a table in one block', () => {
    const table = '| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\n';
    expect(splitBlocks(`${table}Text`)).toEqual([table, 'Text']);
  });

  it('keeps a loose list with continuation paragraphs in one block', () => {
    const list = '- a\n\n  more about a\n\n- b\n\n';
    expect(splitBlocks(`${list}After`)).toEqual([list, 'After']);
  });

  it('keeps a list item with a fenced block containing blank lines together', () => {
    const list = `1. Step\n\n   ${F}\n   x\n\n   y\n   ${F}\n2. Next\n\n`;
    expect(splitBlocks(`${list}End`)).toEqual([list, 'End']);
  });

  it('does not split a list before an unindented fence (it may belong to the item)', () => {
    const text = `- item\n${F}\ncode\n\nmore\n${F}\n`;
    expect(splitBlocks(text)).toEqual([text]);
  });

  it('splits a list from a following paragraph, and a paragraph from a following list', () => {
    expect(splitBlocks('Para\n\n- item\n- item\n\nPara')).toEqual([
      'Para\n\n',
      '- item\n- item\n\n',
      'Para',
    ]);
  });

  it('splits blockquotes separated by a blank line', () => {
    expect(splitBlocks('> a\n> b\n>\n> c\n\n> d')).toEqual(['> a\n> b\n>\n> c\n\n', '> d']);
  });

  it('does not split inside HTML comments and script blocks with blank lines', () => {
    expect(splitBlocks('<!--\n\n# hidden\n\n-->\n\nVisible')).toEqual([
      '<!--\n\n# hidden\n\n-->\n\n',
      'Visible',
    ]);
    expect(splitBlocks('<script>\n\nalert(1)\n\n</script>\n\nAfter')).toEqual([
      '<script>\n\nalert(1)\n\n</script>\n\n',
      'After',
    ]);
  });

  describe('the unfinished last line', () => {
    it('splits as soon as a non-indented character follows a blank line', () => {
      expect(splitBlocks('Para\n\nN')).toEqual(['Para\n\n', 'N']);
    });

    it('waits while the new line is only whitespace', () => {
      expect(splitBlocks('Para\n\n   ')).toEqual(['Para\n\n   ']);
    });

    it('waits until a line after a list shows whether it is another list item', () => {
      expect(splitBlocks('- a\n\n-')).toEqual(['- a\n\n-']);
      expect(splitBlocks('- a\n\n- b')).toEqual(['- a\n\n- b']);
      expect(splitBlocks('- a\n\n-x')).toEqual(['- a\n\n', '-x']);
      expect(splitBlocks('- a\n\n12.')).toEqual(['- a\n\n12.']);
      expect(splitBlocks('- a\n\n12.x')).toEqual(['- a\n\n', '12.x']);
      expect(splitBlocks('- a\n\n1234567890')).toEqual(['- a\n\n', '1234567890']);
      expect(splitBlocks('- a\n\n-\n')).toEqual(['- a\n\n-\n']);
    });
  });

  describe('fixtures', () => {
    it('the realistic reply is about 5 KB and splits into many blocks', () => {
      expect(AGENT_REPLY.length).toBeGreaterThan(4000);
      const blocks = splitBlocks(AGENT_REPLY);
      expect(blocks.join('')).toBe(AGENT_REPLY);
      expect(blocks.length).toBeGreaterThan(20);
      // Spot checks on the fixture's tricky spots.
      expect(blocks).toContain(
        `Here is the patched manifest:\n`,
      );
      expect(blocks.find(b => b.startsWith('~~~diff'))).toMatch(/not a closing fence[^]*~~~\n\n$/);
      expect(blocks[blocks.length - 1]).toMatch(/^```js\n[^]*throw e;[^]*\}\n$/);
      const steps = blocks.find(b => b.startsWith('1. Create the secret'));
      expect(steps).toMatch(/2\. Relax[^]*3\. Re-run[^]*promote to production\.\n\n$/);
    });
  });
});

describe('createBlockSplitter', () => {
  it.each([
    ['realistic reply', AGENT_REPLY],
    ['CRLF reply', CRLF_REPLY],
    ['edge cases', EDGE_CASES],
  ])('matches a fresh split and never changes settled blocks, char by char (%s)', (_, text) => {
    const lengths = Array.from({ length: text.length + 1 }, (__, i) => i);
    expect(checkGrowth(text, lengths)).toEqual(splitBlocks(text));
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'matches a fresh split and never changes settled blocks, random chunks (seed %i)',
    seed => {
      const text = `${AGENT_REPLY}\n\n${EDGE_CASES}\n\n${CRLF_REPLY}`;
      const lengths = chunkedPrefixLengths(text.length, seed, 1 + seed * 12);
      expect(checkGrowth(text, lengths)).toEqual(splitBlocks(text));
    },
  );

  it('returns the same array when the text did not change', () => {
    const splitter = createBlockSplitter();
    const first = splitter.split('a\n\nb');
    expect(splitter.split('a\n\nb')).toBe(first);
  });

  it('starts over when the text is replaced instead of extended', () => {
    const splitter = createBlockSplitter();
    expect(splitter.split('# One\n\nTwo\n\nThree')).toEqual(['# One\n\n', 'Two\n\n', 'Three']);
    expect(splitter.split('# Uno\n\nDos')).toEqual(['# Uno\n\n', 'Dos']);
    expect(splitter.split('# Uno')).toEqual(['# Uno']);
    expect(splitter.split('')).toEqual([]);
    expect(splitter.split(`${F}\n\nx`)).toEqual([`${F}\n\nx`]);
    // Same length, different earlier text.
    expect(splitter.split(`~~~\n\nx`)).toEqual([`~~~\n\nx`]);
    expect(splitter.split(`abc\n\nx`)).toEqual(['abc\n\n', 'x']);
  });

  it('only scans the new text when the text grows', () => {
    // 2,000 blocks of settled text; then one more line arrives.
    const base = Array.from({ length: 2000 }, (_, i) => `Paragraph ${i}\n`).join('\n');
    const splitter = createBlockSplitter();
    splitter.split(base);
    const test = jest.spyOn(RegExp.prototype, 'test');
    const exec = jest.spyOn(RegExp.prototype, 'exec');
    try {
      const blocks = splitter.split(`${base}more text\n`);
      expect(blocks).toHaveLength(2000);
      expect(blocks[1999]).toBe('Paragraph 1999\nmore text\n');
      // A rescan from the start would look at every one of the ~4,000 lines.
      expect(test.mock.calls.length + exec.mock.calls.length).toBeLessThan(20);
    } finally {
      test.mockRestore();
      exec.mockRestore();
    }
  });
});

describe('exceedsNesting', () => {
  it('counts blockquote and list markers at the start of a line', () => {
    expect(exceedsNesting('> > > x', 2)).toBe(true);
    expect(exceedsNesting('> > > x', 3)).toBe(false);
    expect(exceedsNesting('>>>x', 2)).toBe(true);
    expect(exceedsNesting('- * + x', 2)).toBe(true);
    expect(exceedsNesting('1. 2) 3. x', 2)).toBe(true);
    expect(exceedsNesting('  > - 1. > x', 3)).toBe(true);
    expect(exceedsNesting('ok\n\n> > > x\nok', 2)).toBe(true);
  });

  it('does not count what is not a container marker', () => {
    expect(exceedsNesting('-x -y -z', 1)).toBe(false);
    expect(exceedsNesting('1234567890. x', 0)).toBe(false);
    expect(exceedsNesting('1.x', 0)).toBe(false);
    expect(exceedsNesting('x > > > >', 1)).toBe(false);
    expect(exceedsNesting('', 0)).toBe(false);
  });

  it('accepts the realistic reply and catches hostile nesting', () => {
    expect(exceedsNesting(AGENT_REPLY, 8)).toBe(false);
    expect(exceedsNesting(`${'> '.repeat(1000)}x`, 64)).toBe(true);
    expect(exceedsNesting(`${'- '.repeat(1000)}x`, 64)).toBe(true);
    expect(exceedsNesting(Array.from({ length: 100 }, (_, i) => `${'>'.repeat(i)} x`).join('\n'), 64)).toBe(true);
  });
});
