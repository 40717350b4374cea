import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/**
 * Messages rendered when a conversation opens (a few screens' worth), and how
 * many more each step shows.
 */
export const INITIAL_MESSAGES = 8;
export const EARLIER_STEP = 20;

/** Scrolling to within this distance (px) of the top shows the next step. */
const REVEAL_MARGIN = 300;

/**
 * A long transcript opens with its latest messages only; earlier ones are
 * rendered when the user scrolls up near the "Show earlier messages" control
 * (or presses it), a step at a time, with the view kept where it was. Only a
 * scroll by the user reveals more: a short first screen does not pull in the
 * next step by itself (the control is there to press). Opening
 * a 100-message chat then costs what an 8-message one does, and a session
 * switch never renders a whole history at once. Messages that arrive later
 * are always shown: the hidden part only ever shrinks while a session is open.
 */
export function useEarlierMessages(
  sessionId: string,
  total: number,
  scroller: RefObject<HTMLElement>,
  options: { initial?: number; step?: number } = {},
) {
  const initial = options.initial ?? INITIAL_MESSAGES;
  const step = options.step ?? EARLIER_STEP;
  const [hidden, setHidden] = useState(() => ({ sessionId, count: Math.max(0, total - initial) }));
  // Another session: start again from its latest messages (state reset during render, as React advises).
  let hiddenCount = hidden.count;
  if (hidden.sessionId !== sessionId) {
    hiddenCount = Math.max(0, total - initial);
    setHidden({ sessionId, count: hiddenCount });
  }
  hiddenCount = Math.min(hiddenCount, total);

  // Keep the distance to the bottom when rows appear above (no jump on reveal).
  const fromBottom = useRef<number | undefined>(undefined);
  const showEarlier = useCallback(() => {
    const el = scroller.current;
    fromBottom.current = el ? el.scrollHeight - el.scrollTop : undefined;
    setHidden(h => ({ ...h, count: Math.max(0, h.count - step) }));
  }, [scroller, step]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && fromBottom.current !== undefined) el.scrollTop = el.scrollHeight - fromBottom.current;
    fromBottom.current = undefined;
  }, [hiddenCount, scroller]);

  /** For the scroll container's onScroll: only an upward scroll reveals (not pinning to the bottom). */
  const lastTop = useRef(Infinity);
  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const movedUp = el.scrollTop < lastTop.current;
    lastTop.current = el.scrollTop;
    if (movedUp && hiddenCount > 0 && el.scrollTop < REVEAL_MARGIN) showEarlier();
  }, [hiddenCount, scroller, showEarlier]);

  return { hiddenCount, showEarlier, onScroll };
}
