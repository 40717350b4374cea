import { act, renderHook } from '@testing-library/react';
import { useFixedRowWindow } from './useFixedRowWindow';

/** A scroll container with the geometry a browser would report. */
function scroller(clientHeight: number) {
  const el = document.createElement('div');
  let scrollTop = 0;
  Object.defineProperty(el, 'clientHeight', { get: () => clientHeight });
  Object.defineProperty(el, 'scrollTop', { get: () => scrollTop, set: (v: number) => (scrollTop = v) });
  return el;
}

describe('useFixedRowWindow', () => {
  it('renders the rows in view plus overscan, with spacers for the rest', () => {
    const ref = { current: scroller(300) };
    const { result } = renderHook(() => useFixedRowWindow(ref, { count: 1000, rowHeight: 60, overscan: 2 }));
    expect(result.current).toMatchObject({ start: 0, end: 7, before: 0, after: 993 * 60 });
  });

  it('follows the scroll position, and commits only when the range changes', () => {
    const el = scroller(300);
    const ref = { current: el };
    let renders = 0;
    const { result } = renderHook(() => {
      renders += 1;
      return useFixedRowWindow(ref, { count: 1000, rowHeight: 60, overscan: 2 });
    });
    act(() => {
      el.scrollTop = 10; // row 5 comes into view
      result.current.onScroll();
    });
    const before = renders;
    act(() => {
      el.scrollTop = 40; // still rows 0–5
      result.current.onScroll();
    });
    expect(renders).toBe(before);
    act(() => {
      el.scrollTop = 6000; // rows 100–105
      result.current.onScroll();
    });
    expect(result.current).toMatchObject({ start: 98, end: 107, before: 98 * 60, after: (1000 - 107) * 60 });
  });

  it('never goes past the list, however far the container scrolled', () => {
    const el = scroller(300);
    const ref = { current: el };
    const { result, rerender } = renderHook(({ count }) => useFixedRowWindow(ref, { count, rowHeight: 60 }), {
      initialProps: { count: 1000 },
    });
    act(() => {
      el.scrollTop = 59_000;
      result.current.onScroll();
    });
    rerender({ count: 10 }); // a search narrowed the list
    expect(result.current.start).toBeLessThanOrEqual(10);
    expect(result.current.end).toBe(10);
    expect(result.current.after).toBe(0);
  });

  it('guesses a screenful before the container has a size (no layout yet)', () => {
    const ref = { current: scroller(0) };
    const { result } = renderHook(() => useFixedRowWindow(ref, { count: 1000, rowHeight: 60, overscan: 0 }));
    expect(result.current.end).toBe(Math.ceil(window.innerHeight / 60));
  });
});
