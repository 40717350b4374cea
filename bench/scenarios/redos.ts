/*
 * "ReDoS guard", on packages/app's production build (what users run): forms
 * whose pattern comes from the agent, each with a 1,000-character default it
 * does not match (see redosForms.ts). Per form, the user clicks Submit; the
 * figure is the time from the click's dispatch to the end of the submit's
 * handling: the pattern check (compiling included) and React's commit of
 * the error. A form without a pattern, timed the same way, shows what React
 * alone takes.
 *
 * Each run is a fresh page (so a fresh, cold engine, compiled patterns not
 * cached): a warm-up form loads the engine chunk first, so that the measured
 * clicks validate at once instead of waiting for the download. Timing on a
 * shared 2-core machine: three runs, the median per pattern.
 */
import type { Browser, Page } from 'playwright-core';
import { newChat, openBenchPage, send } from '../page';
import { REDOS_PROBES, redosMessage, type RedosProbe } from './redosForms';

const RUNS = Math.max(1, Number(process.env.BENCH_REDOS_RUNS ?? 3));

export interface RedosPatternResult extends Omit<RedosProbe, 'value'> {
  /** Median of the runs' Submit clicks, ms. */
  clickMs: number;
  runsMs: number[];
}

export interface RedosResult {
  runs: number;
  patterns: RedosPatternResult[];
  /** Worst median over the catastrophic set. */
  catastrophicWorstMs: number;
  /** Worst median over the largest accepted programs. */
  largestWorstMs: number;
  /** The form without a pattern. */
  controlMs: number;
  pageErrors: string[];
}

declare global {
  interface Window {
    __redosClicks?: number[];
  }
}

/**
 * An init script: times each Submit from the click's dispatch (the first
 * listener, capturing on window) to the end of the submit event's handling
 * (the last listener, bubbling on window). In between: the click, the form's
 * submit, the plugin's handler (the pattern check) and React's commit (React
 * renders a discrete event's update in a microtask, which runs when its root
 * listener returns). Not included: the style, layout and paint that follow.
 */
function installSubmitTimer() {
  window.__redosClicks = [];
  let clickedAt: number | undefined;
  window.addEventListener('click', () => (clickedAt = performance.now()), { capture: true });
  window.addEventListener('submit', () => {
    if (clickedAt !== undefined) window.__redosClicks!.push(performance.now() - clickedAt);
    clickedAt = undefined;
  });
}

const visibleForm = '[data-session-pane]:not([hidden]) [role="log"] form';

/** Asks for probe `index`, submits its form, and returns the click's time once the error shows. */
async function submitProbe(page: Page, index: number): Promise<number> {
  await newChat(page);
  await send(page, redosMessage(index));
  const form = page.locator(visibleForm);
  await form.locator('input[name="value"]').waitFor();
  const before = await page.evaluate(() => window.__redosClicks!.length);
  await form.getByRole('button', { name: 'Submit' }).click();
  // The value is refused: the check ran when its error shows.
  await form.locator('input[name="value"][aria-invalid="true"]').waitFor();
  await page.waitForFunction(n => window.__redosClicks!.length > n, before);
  return page.evaluate(n => window.__redosClicks![n], before);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export async function runRedos(browser: Browser, appUrl: string): Promise<RedosResult> {
  const runsMs: number[][] = REDOS_PROBES.map(() => []);
  const pageErrors: string[] = [];
  for (let run = 0; run < RUNS; run++) {
    const bench = await openBenchPage(browser, appUrl);
    try {
      const { page } = bench;
      await page.context().addInitScript(installSubmitTimer);
      await page.goto('/agent-forge');
      await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 60_000 });
      await submitProbe(page, -1);
      for (const [index] of REDOS_PROBES.entries()) runsMs[index].push(await submitProbe(page, index));
      pageErrors.push(...bench.session.pageErrors.map(e => e.message));
    } finally {
      await bench.close();
    }
  }
  const patterns = REDOS_PROBES.map(({ pattern, kind }, index) => ({
    pattern,
    kind,
    clickMs: median(runsMs[index]),
    runsMs: runsMs[index].map(ms => Math.round(ms * 10) / 10),
  }));
  const worst = (kind: RedosProbe['kind']) => Math.max(...patterns.filter(p => p.kind === kind).map(p => p.clickMs));
  return {
    runs: RUNS,
    patterns,
    catastrophicWorstMs: worst('catastrophic'),
    largestWorstMs: worst('largest'),
    controlMs: worst('control'),
    pageErrors,
  };
}
