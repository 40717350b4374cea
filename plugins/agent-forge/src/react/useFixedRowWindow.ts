import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Rows [start, end) are rendered; the spacers stand in for the rest. */
export interface RowWindow {
  start: number;
  end: number;
  /** Heights (px) of the space above and below the rendered rows. */
  before: number;
  after: number;
  /** Pass to the scroll container's onScroll. */
  onScroll(): void;
}

export interface FixedRowWindowOptions {
  count: number;
  /** Every row is exactly this tall (px). */
  rowHeight: number;
  /** Rows rendered beyond each edge of the viewport (keyboard focus and fast scrolls land on real rows). */
  overscan?: number;
}

/**
 * Windowing for a list of equal-height rows: only the rows in view (plus
 * `overscan`) are rendered, so a sidebar of 1,000 sessions costs what one
 * screenful costs. Re-renders only when the window's range changes, not on
 * every scroll event. Before the container has a size (first render, or no
 * layout at all as in jsdom) the window's height is guessed from the
 * browser's viewport; a ResizeObserver corrects it before the first paint.
 */
export function useFixedRowWindow(
  scrollRef: RefObject<HTMLElement>,
  { count, rowHeight, overscan = 8 }: FixedRowWindowOptions,
): RowWindow {
  const [guessedHeight] = useState(() => (typeof window === 'undefined' ? 0 : window.innerHeight) || 800);
  const [viewport, setViewport] = useState({ top: 0, height: guessedHeight });
  // What was last rendered, read by scroll events (a state updater that bails
  // out still costs a render).
  const shown = useRef(viewport);

  const measure = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    // Never more than the browser's viewport: a list whose container is not
    // height-constrained would otherwise "see" all its rows and render them.
    const height = Math.min(el.clientHeight || guessedHeight, guessedHeight);
    const next = { top: el.scrollTop, height };
    const first = (v: typeof next) => Math.floor(v.top / rowHeight);
    const last = (v: typeof next) => Math.ceil((v.top + v.height) / rowHeight);
    // Commit only when the rendered range would change.
    if (first(shown.current) === first(next) && last(shown.current) === last(next)) return;
    shown.current = next;
    setViewport(next);
  }, [scrollRef, rowHeight, guessedHeight]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return undefined;
    if (typeof ResizeObserver === 'undefined') {
      measure();
      return undefined;
    }
    // The observer's first call comes after the browser's layout, before it
    // paints: measuring here instead would force a layout inside React's commit.
    const observer = new ResizeObserver(() => measure());
    observer.observe(el);
    return () => observer.disconnect();
  }, [scrollRef, measure]);

  const start = Math.max(0, Math.min(count, Math.floor(viewport.top / rowHeight) - overscan));
  const end = Math.max(start, Math.min(count, Math.ceil((viewport.top + viewport.height) / rowHeight) + overscan));
  return {
    start,
    end,
    before: start * rowHeight,
    after: (count - end) * rowHeight,
    onScroll: measure,
  };
}
