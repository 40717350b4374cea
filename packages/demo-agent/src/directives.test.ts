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
    expect(parseDirectives('/silent 5 then nothing')).toMatchObject({
      silent: true,
      prompt: '5 then nothing',
    });
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

describe('parseDirectives: fault directives', () => {
  it('parses /status with a code (clamped to 400-599), defaulting to 500', () => {
    expect(parseDirectives('/status 401 hello')).toMatchObject({
      faults: { httpStatus: 401 },
      prompt: 'hello',
      applied: ['/status 401'],
    });
    expect(parseDirectives('/status=413 x').faults.httpStatus).toBe(413);
    expect(parseDirectives('/status x').faults.httpStatus).toBe(500);
    expect(parseDirectives('/status 200 x').faults.httpStatus).toBe(400);
    expect(parseDirectives('/status 999 x').faults.httpStatus).toBe(599);
  });

  it('parses /malformed, /truncate and /drop with an optional chunk count (default 0)', () => {
    expect(parseDirectives('/malformed x').faults).toEqual({
      malformedAfterChunk: 0,
    });
    expect(parseDirectives('/truncate:3 x').faults).toEqual({
      truncateAfterChunk: 3,
    });
    expect(parseDirectives('/DROP 5 x').faults).toEqual({
      dropAfterChunk: 5,
    });
    expect(parseDirectives('/drop -4 x').faults.dropAfterChunk).toBe(0);
  });

  it('parses /html and /unknown, which take no number', () => {
    const d = parseDirectives('/html /unknown 7 dwarfs');
    expect(d.faults).toEqual({ html: true });
    expect(d.unknown).toBe(true);
    expect(d.prompt).toBe('7 dwarfs');
  });

  it('has no faults for a plain prompt, and leaves unknown slash-words alone', () => {
    const d = parseDirectives('what is the /statuses page of /htmlx');
    expect(d.faults).toEqual({});
    expect(d.unknown).toBe(false);
    expect(d.prompt).toBe('what is the /statuses page of /htmlx');
  });
});
