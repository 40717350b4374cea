import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs`, for relative timestamps. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

// Made on first use: building it loads locale data (measured ~6 ms), which
// the page's code evaluation need not wait for.
let format: Intl.RelativeTimeFormat | undefined;

/** "just now", "5 minutes ago", "yesterday". */
export function relativeTime(timestamp: number, now: number): string {
  format ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const elapsed = now - timestamp;
  for (const [unit, ms] of UNITS) {
    if (elapsed >= ms) return format.format(-Math.floor(elapsed / ms), unit);
  }
  return format.format(0, 'second');
}
