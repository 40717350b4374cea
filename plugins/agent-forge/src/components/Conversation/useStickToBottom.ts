import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** How close to the bottom (px) still counts as "following" the stream. */
const THRESHOLD = 48;

/**
 * Keeps a scroll container at the bottom while its content grows, pauses as
 * soon as the user scrolls up, and resumes with `jumpToLatest`. `onScroll`
 * says whether the user scrolled up, for whoever else needs to know.
 *
 * The growth is watched with a ResizeObserver, whose callbacks run after the
 * browser's own layout and before it paints: pinning then reads no layout in
 * React's commit (a forced layout per streamed frame), and it also follows
 * growth React does not cause (code highlighting, images). Without
 * ResizeObserver it falls back to pinning after each content change.
 */
export function useStickToBottom(
  scroller: RefObject<HTMLElement>,
  content: RefObject<HTMLElement>,
  contentKey: unknown,
) {
  const following = useRef(true);
  const [atBottom, setAtBottom] = useState(true);
  // Scroll events fire per frame while the stream grows: commit only changes.
  const shown = useRef(true);

  // Only the user scrolling up stops following: content growing or the
  // container shrinking (a banner above) also leaves the view off the
  // bottom, and the observer below brings it back.
  const lastTop = useRef(0);
  /** For the container's onScroll; returns true when the user scrolled up. */
  const onScroll = useCallback((): boolean => {
    const el = scroller.current;
    if (!el) return false;
    const near = el.scrollHeight - el.scrollTop - el.clientHeight <= THRESHOLD;
    const movedUp = el.scrollTop < lastTop.current;
    lastTop.current = el.scrollTop;
    if (near) following.current = true;
    else if (movedUp) following.current = false;
    if ((near || movedUp) && near !== shown.current) {
      shown.current = near;
      setAtBottom(near);
    }
    return movedUp;
  }, [scroller]);

  useLayoutEffect(() => {
    const el = scroller.current;
    const inner = content.current;
    if (!el || !inner || typeof ResizeObserver === 'undefined') return undefined;
    // A kept pane is hidden with display: none, and the browser forgets its
    // scroll offset: when it is shown again, put the reader back (the bottom
    // if they were following, else where they were).
    let wasHidden = false;
    const observer = new ResizeObserver(() => {
      if (el.clientHeight === 0) {
        wasHidden = true;
        return;
      }
      if (wasHidden) {
        wasHidden = false;
        if (!following.current) {
          el.scrollTop = lastTop.current;
          return;
        }
      }
      if (following.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(inner);
    observer.observe(el);
    return () => observer.disconnect();
  }, [scroller, content]);

  useLayoutEffect(() => {
    if (typeof ResizeObserver !== 'undefined') return;
    const el = scroller.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [scroller, contentKey]);

  const jumpToLatest = useCallback(() => {
    const el = scroller.current;
    following.current = true;
    shown.current = true;
    setAtBottom(true);
    if (el) el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
  }, [scroller]);

  return { atBottom, onScroll, jumpToLatest };
}
