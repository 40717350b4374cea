import { buildAnswer, extractFormValues, splitIntoChunks } from './content';
import { parseDirectives } from './directives';

describe('content', () => {
  it('builds the same answer for the same input', () => {
    const input = {
      prompt: 'hi',
      turn: 2,
      directives: parseDirectives('/size 8 hi'),
    };
    const a = buildAnswer(input);
    expect(buildAnswer(input)).toBe(a);
    expect(a).toContain('turn 2 of this conversation');
    expect(a.length).toBeGreaterThanOrEqual(8 * 1024);
    expect(a.length).toBeLessThan(9 * 1024);
  });

  it('is long enough to give every requested chunk at least one character', () => {
    const answer = buildAnswer({
      prompt: 'x',
      turn: 1,
      directives: parseDirectives('/chunks 20000'),
    });
    const chunks = splitIntoChunks(answer, 20000);
    expect(chunks).toHaveLength(20000);
    expect(chunks.every(c => c.length > 0)).toBe(true);
    expect(chunks.join('')).toBe(answer);
  });

  it('never splits a surrogate pair', () => {
    const chunks = splitIntoChunks('a🚀b🚀c', 5);
    expect(chunks).toEqual(['a', '🚀', 'b', '🚀', 'c']);
    expect(splitIntoChunks('ab', 10)).toEqual(['a', 'b']);
  });

  it('extracts form values from data parts and text lines', () => {
    expect(
      extractFormValues(
        [{ values: { service: 'api' } }, { replicas: 2 }],
        'notes: hello\nservice: ignored',
      ),
    ).toEqual({ service: 'api', replicas: 2, notes: 'hello' });
  });

  it('keeps a form value whatever its field is called', () => {
    const values = extractFormValues([{ values: JSON.parse('{"__proto__":"yes","constructor":"no"}') }], 'toString: x');
    expect(Object.getOwnPropertyNames(values)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getOwnPropertyDescriptor(values, '__proto__')?.value).toBe('yes');
  });
});
