import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** How close to the bottom (px) still counts as "following" the stream. */
const THRESHOLD = 48;

/**
 * Keeps a scroll container at the bottom while new content arrives, pauses
 * as soon as the user scrolls up, and resumes with `jumpToLatest`.
 */
export function useStickToBottom(ref: RefObject<HTMLElement>, contentKey: unknown) {
  const following = useRef(true);
  const [atBottom, setAtBottom] = useState(true);
  // Scroll events fire per frame while the stream grows: commit only changes.
  const shown = useRef(true);

  const onScroll = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const near = el.scrollHeight - el.scrollTop - el.clientHeight <= THRESHOLD;
    following.current = near;
    if (near !== shown.current) {
      shown.current = near;
      setAtBottom(near);
    }
  }, [ref]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [ref, contentKey]);

  const jumpToLatest = useCallback(() => {
    const el = ref.current;
    following.current = true;
    shown.current = true;
    setAtBottom(true);
    if (el) el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
  }, [ref]);

  return { atBottom, onScroll, jumpToLatest };
}
