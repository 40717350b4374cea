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
 * are always shown: the hidden part only ever shrinks.
 */
export function useEarlierMessages(
  total: number,
  scroller: RefObject<HTMLElement>,
  options: { initial?: number; step?: number } = {},
) {
  const initial = options.initial ?? INITIAL_MESSAGES;
  const step = options.step ?? EARLIER_STEP;
  // One conversation per session (its pane), so this starts from that session's latest messages.
  const [hidden, setHidden] = useState(() => Math.max(0, total - initial));
  const hiddenCount = Math.min(hidden, total);

  // Keep the distance to the bottom when rows appear above (no jump on reveal).
  const fromBottom = useRef<number | undefined>(undefined);
  const showEarlier = useCallback(() => {
    const el = scroller.current;
    fromBottom.current = el ? el.scrollHeight - el.scrollTop : undefined;
    setHidden(count => Math.max(0, count - step));
  }, [scroller, step]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && fromBottom.current !== undefined) el.scrollTop = el.scrollHeight - fromBottom.current;
    fromBottom.current = undefined;
  }, [hiddenCount, scroller]);

  /** Call when the user scrolled up: near the top, the next step appears. */
  const onScrolledUp = useCallback(() => {
    const el = scroller.current;
    if (el && hiddenCount > 0 && el.scrollTop < REVEAL_MARGIN) showEarlier();
  }, [hiddenCount, scroller, showEarlier]);

  return { hiddenCount, showEarlier, onScrolledUp };
}
