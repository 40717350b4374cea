import { lookupTable } from './lookupTable';

/** Names every plain object answers to through its prototype. */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

describe('lookupTable', () => {
  const table: Readonly<Record<string, number | undefined>> = lookupTable({ one: 1, two: 2 });

  it('finds its own entries', () => {
    expect(table.one).toBe(1);
    expect(table.two).toBe(2);
    expect(Object.keys(table)).toEqual(['one', 'two']);
  });

  it.each(PROTOTYPE_NAMES)('finds nothing for %s', name => {
    expect(table[name]).toBeUndefined();
  });

  it('keeps a __proto__ entry as data', () => {
    const withProto: Readonly<Record<string, string | undefined>> = lookupTable(
      JSON.parse('{"__proto__": "own", "other": "x"}'),
    );
    expect(Object.getOwnPropertyDescriptor(withProto, '__proto__')?.value).toBe('own');
    expect(withProto[String('__proto__')]).toBe('own');
    expect(withProto.constructor).toBeUndefined();
  });

  it('cannot be changed', () => {
    expect(() => {
      (table as Record<string, number>).three = 3;
    }).toThrow(TypeError);
  });
});
