import { KeyedList } from './KeyedList';

describe('KeyedList', () => {
  it('adds and replaces by key, in the order keys came', () => {
    const list = new KeyedList<string>(3);
    list.set('a', 'A');
    list.set('b', 'B');
    list.set('a', 'A2');
    expect(list.snapshot()).toEqual(['A2', 'B']);
    expect(list.get('a')).toBe('A2');
  });

  it('refuses new keys when full and counts each refused key once', () => {
    const list = new KeyedList<number>(1);
    expect(list.set('a', 1)).toBe(true);
    expect(list.set('b', 2)).toBe(false);
    expect(list.set('b', 3)).toBe(false);
    expect(list.set('c', 4)).toBe(false);
    expect(list.set('a', 5)).toBe(true);
    expect(list.snapshot()).toEqual([5]);
    expect(list.dropped).toBe(2);
  });

  it('returns the same array until something changes', () => {
    const list = new KeyedList<number>(5);
    list.set('a', 1);
    const first = list.snapshot();
    expect(list.snapshot()).toBe(first);
    list.set('a', 2);
    expect(list.snapshot()).not.toBe(first);
    expect(first).toEqual([1]);
  });
});
