import { hostileLine, parseHostile } from './hostile';

describe('parseHostile', () => {
  it('reads the kind and the amount, with defaults and limits', () => {
    expect(parseHostile('/hostile flood 20 please')).toEqual({ kind: 'flood', amount: 20 });
    expect(parseHostile('go /HOSTILE Replans')).toEqual({ kind: 'replans', amount: 5000 });
    expect(parseHostile('/hostile longline 999999')).toEqual({ kind: 'longline', amount: 4096 });
    expect(parseHostile('/hostile endless')).toEqual({ kind: 'endless', amount: 0 });
  });

  it('ignores unknown kinds, missing kinds and look-alikes', () => {
    expect(parseHostile('/hostile constructor')).toBeUndefined();
    expect(parseHostile('/hostile')).toBeUndefined();
    expect(parseHostile('/hostiles flood')).toBeUndefined();
    expect(parseHostile('a/hostile flood')).toBeUndefined();
  });
});

describe('hostileLine', () => {
  it('has the asked size and no whitespace', () => {
    const line = hostileLine(10_000);
    expect(line).toHaveLength(10_000);
    expect(/\s/.test(line)).toBe(false);
  });
});
