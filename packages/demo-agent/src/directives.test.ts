import { DEFAULT_DIRECTIVES, parseDirectives } from './directives';

describe('parseDirectives', () => {
  it('returns the defaults and the text for a plain prompt', () => {
    expect(parseDirectives('  hello world ')).toMatchObject({
      ...DEFAULT_DIRECTIVES,
      hangMs: 0,
      input: false,
      echo: false,
      prompt: 'hello world',
      applied: [],
    });
  });

  it('parses numeric directives in several spellings, case-insensitively', () => {
    const d = parseDirectives(
      '/CHUNKS 5 explain /delay=7 /size:3 /hang 100 this',
    );
    expect(d).toMatchObject({ chunks: 5, delayMs: 7, sizeKb: 3, hangMs: 100 });
    expect(d.prompt).toBe('explain this');
    expect(d.applied).toEqual([
      '/chunks 5',
      '/delay 7',
      '/size 3',
      '/hang 100',
    ]);
  });

  it('clamps values to the limits', () => {
    expect(
      parseDirectives('/chunks 999999 /delay -5 /size 100000 /hang 1e9'),
    ).toMatchObject({
      chunks: 20000,
      delayMs: 0,
      sizeKb: 2048,
    });
    expect(parseDirectives('/chunks 0').chunks).toBe(1);
  });

  it('parses flags, with optional "after N chunks" for /fail and /error', () => {
    expect(parseDirectives('/fail now')).toMatchObject({
      failAfterChunk: -1,
      prompt: 'now',
    });
    expect(parseDirectives('/error 3 go')).toMatchObject({
      errorAfterChunk: 3,
      prompt: 'go',
    });
    expect(parseDirectives('/input /echo x')).toMatchObject({
      input: true,
      echo: true,
      prompt: 'x',
    });
    // /echo takes no number: it stays in the prompt.
    expect(parseDirectives('/echo 42 apples').prompt).toBe('42 apples');
  });

  it('ignores unknown directives, paths and numbers without a directive', () => {
    const d = parseDirectives(
      '/foo 3 look at /usr/bin and /chunks/x or a/chunks 4',
    );
    expect(d.applied).toEqual([]);
    expect(d.prompt).toBe(
      '/foo 3 look at /usr/bin and /chunks/x or a/chunks 4',
    );
    expect(parseDirectives('/chunks many').chunks).toBe(
      DEFAULT_DIRECTIVES.chunks,
    );
  });

  it('keeps line breaks when removing a directive', () => {
    expect(parseDirectives('line one\n/chunks 3\nline two').prompt).toBe(
      'line one\n\nline two',
    );
  });
});
