import { LruCache } from './LruCache';

describe('LruCache', () => {
  it('evicts the least recently used entries once the weight budget is exceeded', () => {
    const cache = new LruCache<string, number>(10);
    cache.set('a', 1, 4);
    cache.set('b', 2, 4);
    expect(cache.get('a')).toBe(1); // a is now the newest
    cache.set('c', 3, 4); // 12 > 10: b goes
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.weight).toBe(8);
  });

  it('replaces an entry without counting its old weight twice', () => {
    const cache = new LruCache<string, string>(10);
    cache.set('a', 'x', 6);
    cache.set('a', 'y', 6);
    expect(cache.get('a')).toBe('y');
    expect(cache.weight).toBe(6);
    expect(cache.size).toBe(1);
  });

  it('does not keep a value heavier than the whole budget', () => {
    const cache = new LruCache<string, string>(10);
    cache.set('small', 's', 5);
    cache.set('huge', 'h', 11);
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('small')).toBe('s');
  });
});
