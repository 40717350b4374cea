/*
 * Scenario 4, "hostile replies": what froze the tab before the reply bounds
 * (a review measured 6 s for a 200 KB line, 6 s for 5,000 artifacts, 6 s for
 * 5,000 plan versions, and Stop ignored for over a minute on an endless
 * stream), from the demo agent's `/hostile` directives, one after another in
 * one session:
 *
 *   longline   one 300 KB line without whitespace, full of markdown delimiters
 *   flood      5,000 artifacts with made-up names
 *   replans    5,000 full execution plans
 *   endless    an endless zero-delay stream, stopped with the Stop button
 *
 * For each: the longest main-thread task from the send to the reply's end,
 * and how long the reply took. For Stop: from the click's event timestamp
 * (when the browser received it: input delay included) to the click handled
 * (the stream aborted), and to the first frame painted after the reply
 * shows "Stopped".
 */
import type { Browser, Page } from 'playwright-core';
import { longTasksIn } from '../analyze';
import { newChat, openAgentForge, openBenchPage, readRecorder, resetRecorder, send, waitAllIdle } from '../page';

export const HOSTILE_REPLIES = {
  longline: '/hostile longline 300',
  flood: '/hostile flood 5000',
  replans: '/hostile replans 5000',
} as const;

export interface HostileReplyResult {
  durationMs: number;
  longestTaskMs: number;
  longTasks: number[];
}

export interface HostileResult {
  replies: Record<keyof typeof HOSTILE_REPLIES, HostileReplyResult>;
  stop: { handledMs: number; paintedMs: number; chunksBeforeStop: number; longestTaskMs: number };
  pageErrors: string[];
}

/**
 * Measured in the page, from the Stop click's event timestamp (when the
 * browser received it, so input delay counts): until the click has been
 * handled — the page's handler aborts the stream, a bubbling listener on
 * window runs after it — and until the frame after "Stopped" shows.
 */
async function clickStopAndMeasure(page: Page): Promise<{ handledMs: number; paintedMs: number }> {
  const measuring = page.evaluate(
    () =>
      new Promise<{ handledMs: number; paintedMs: number }>(resolve => {
        let clickedAt: number | undefined;
        let handledMs = 0;
        const button = Array.from(document.querySelectorAll('button')).find(b => b.textContent?.trim() === 'Stop');
        button?.addEventListener('click', event => {
          clickedAt = event.timeStamp;
        }, { capture: true, once: true });
        window.addEventListener('click', () => {
          if (clickedAt !== undefined) handledMs = performance.now() - clickedAt;
        }, { once: true });
        const log = document.querySelector('[role="log"]')!;
        const observer = new MutationObserver(() => {
          const stopped = Array.from(log.querySelectorAll('span')).some(s => s.textContent === 'Stopped');
          if (clickedAt === undefined || !stopped) return;
          observer.disconnect();
          requestAnimationFrame(() => setTimeout(() => resolve({ handledMs, paintedMs: performance.now() - clickedAt! }), 0));
        });
        observer.observe(log, { childList: true, subtree: true, characterData: true });
      }),
  );
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  return measuring;
}

export async function runHostile(browser: Browser, appUrl: string): Promise<HostileResult> {
  const bench = await openBenchPage(browser, appUrl);
  try {
    const { page } = bench;
    await openAgentForge(page);
    await newChat(page);
    const replies = {} as HostileResult['replies'];
    for (const [name, prompt] of Object.entries(HOSTILE_REPLIES) as Array<[keyof typeof HOSTILE_REPLIES, string]>) {
      await resetRecorder(page);
      const sentAt = await send(page, prompt);
      await waitAllIdle(page, 1, 300_000);
      const rec = await readRecorder(page);
      const tasks = longTasksIn(rec.longTasks, { from: sentAt, to: rec.now });
      replies[name] = {
        durationMs: Math.round(rec.now - sentAt),
        longestTaskMs: Math.round(tasks.maxMs),
        longTasks: tasks.durations,
      };
    }

    await resetRecorder(page);
    const sentAt = await send(page, '/hostile endless');
    await page.getByRole('log', { name: 'Conversation' }).getByText(/chunk 3000 /).waitFor({ timeout: 120_000 });
    const chunksBeforeStop = await page.evaluate(() => window.__agentForgeBench!.chunks);
    const { handledMs, paintedMs } = await clickStopAndMeasure(page);
    await waitAllIdle(page, 1);
    const rec = await readRecorder(page);
    return {
      replies,
      stop: {
        handledMs: Math.round(handledMs * 10) / 10,
        paintedMs: Math.round(paintedMs),
        chunksBeforeStop,
        longestTaskMs: Math.round(longTasksIn(rec.longTasks, { from: sentAt, to: rec.now }).maxMs),
      },
      pageErrors: bench.session.pageErrors.map(e => e.message),
    };
  } finally {
    await bench.close();
  }
}
