/*
 * A bench page: a fresh browser context (so fresh localStorage and HTTP
 * cache) on the production build, the page's recorder
 * (window.__agentForgeBench, see packages/bench-app/src/bench/recorder.ts),
 * a CDP session for main-thread and heap metrics, and the few user actions
 * the scenarios need (by role and name, as in e2e/).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { VIEWPORT, type PageSession } from '../e2e/support/browser';
import type { RenderRecord, StreamRecord, WriteRecord } from '../packages/bench-app/src/bench/recorder';

export type { RenderRecord, StreamRecord, WriteRecord };

export interface Recorded {
  renders: RenderRecord[];
  writes: WriteRecord[];
  removes: Array<[number, string]>;
  longTasks: Array<[number, number]>;
  streams: StreamRecord[];
  now: number;
}

export interface BenchPage {
  session: PageSession;
  page: Page;
  cdp: CDPSession;
  close(): Promise<void>;
}

/**
 * A fresh context (fresh storage and HTTP cache) and page, watched like the
 * e2e sessions (page errors, console errors, dialogs dismissed). The agent's
 * self-signed certificate is accepted.
 */
export async function openBenchPage(browser: Browser, appUrl: string): Promise<BenchPage> {
  const context = await browser.newContext({ viewport: VIEWPORT, baseURL: appUrl, ignoreHTTPSErrors: true });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(90_000);
  const page = await context.newPage();
  const session: PageSession = {
    context,
    page,
    pageErrors: [],
    consoleErrors: [],
    dialogs: [],
    close: () => context.close().catch(() => undefined),
  };
  page.on('pageerror', error => session.pageErrors.push(error));
  page.on('console', message => {
    if (message.type() === 'error') session.consoleErrors.push(message.text());
  });
  page.on('dialog', dialog => {
    session.dialogs.push({ type: dialog.type(), message: dialog.message() });
    dialog.dismiss().catch(() => undefined);
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { session, page, cdp, close: () => session.close() };
}

/** Loads the Agent Forge page and waits until the agent is connected and the recorder is there. */
export async function openAgentForge(page: Page): Promise<void> {
  await page.goto('/agent-forge');
  await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 60_000 });
  const ok = await page.evaluate(() => Boolean(window.__agentForgeBench));
  if (!ok) throw new Error('no window.__agentForgeBench: is this the bench build?');
}

export async function readRecorder(page: Page, reset = false): Promise<Recorded> {
  return page.evaluate(doReset => {
    const r = window.__agentForgeBench!;
    const out = {
      renders: r.renders,
      writes: r.writes,
      removes: r.removes,
      longTasks: r.longTasks,
      streams: r.streams,
      now: performance.now(),
    };
    if (doReset) r.reset();
    return out;
  }, reset);
}

/** BENCH_RAW_DIR=dir: also saves what the page recorded, as dir/<name>.json (for diagnosis). */
export function saveRaw(name: string, data: unknown): void {
  const dir = process.env.BENCH_RAW_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(data));
}

export async function resetRecorder(page: Page): Promise<number> {
  return page.evaluate(() => {
    window.__agentForgeBench!.reset();
    return performance.now();
  });
}

export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

export async function newChat(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New chat' }).click();
}

/** Types into the composer and presses Enter; resolves with the page time of the key press. */
export async function send(page: Page, text: string): Promise<number> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  const at = await pageNow(page);
  await box.press('Enter');
  return at;
}

/** The sidebar's sessions, top to bottom. */
export function sessionIds(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('li[data-session-id]')).map(li => li.getAttribute('data-session-id')!),
  );
}

export async function activeSessionId(page: Page): Promise<string | undefined> {
  return page.evaluate(
    () => document.querySelector('li[data-session-id] [aria-current="page"]')?.closest('li')?.getAttribute('data-session-id') ?? undefined,
  );
}

/** Clicks a session in the sidebar; resolves with the page time of the click. */
export async function selectSession(page: Page, id: string): Promise<number> {
  const at = await pageNow(page);
  await page.locator(`li[data-session-id="${id}"] > button`).click();
  return at;
}

/**
 * Every reply has ended: at least `streams` event streams were opened since
 * the last reset (so the replies asked for have started), and no sidebar item
 * shows "Streaming" (submitting or streaming).
 */
export function allIdle(page: Page, streams = 0): Promise<boolean> {
  return page.evaluate(
    min =>
      window.__agentForgeBench!.streams.length >= min &&
      document.querySelectorAll('li[data-session-id] [aria-label="Streaming"]').length === 0,
    streams,
  );
}

export async function waitAllIdle(page: Page, streams = 0, timeoutMs = 120_000, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await allIdle(page, streams))) {
    if (Date.now() > deadline) throw new Error(`replies still streaming after ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, pollMs));
  }
}

/** Waits until no React commit happened for `quietMs` (lazy work such as code highlighting has finished). */
export async function waitQuiet(page: Page, quietMs = 1000, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const idleFor = await page.evaluate(() => {
      const renders = window.__agentForgeBench!.renders;
      return performance.now() - (renders.length ? renders[renders.length - 1][3] : 0);
    });
    if (idleFor >= quietMs || Date.now() > deadline) return;
    await new Promise(r => setTimeout(r, Math.max(50, quietMs - idleFor)));
  }
}

export interface MetricsSample {
  /** Chunks the page has read so far. */
  chunks: number;
  /** CDP Performance.getMetrics, seconds of main-thread time since the page started. */
  task: number;
  script: number;
  layout: number;
  style: number;
}

export async function sampleMetrics(bench: BenchPage): Promise<MetricsSample> {
  const [chunks, { metrics }] = await Promise.all([
    bench.page.evaluate(() => window.__agentForgeBench!.chunks),
    bench.cdp.send('Performance.getMetrics'),
  ]);
  const get = (name: string) => metrics.find(m => m.name === name)?.value ?? 0;
  return {
    chunks,
    task: get('TaskDuration'),
    script: get('ScriptDuration'),
    layout: get('LayoutDuration'),
    style: get('RecalcStyleDuration'),
  };
}

/** Used JS heap after two full garbage collections, in bytes. */
export async function heapAfterGc(bench: BenchPage): Promise<number> {
  await bench.cdp.send('HeapProfiler.collectGarbage');
  await bench.cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await bench.cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

/** The storage namespace the app uses (the signed-in user's entity ref), read from its keys. */
export function storageNamespaces(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found = new Set<string>();
    for (let i = 0; i < localStorage.length; i++) {
      const match = /^agent-forge:([^:]+):/.exec(localStorage.key(i) ?? '');
      if (match) found.add(decodeURIComponent(match[1]));
    }
    return Array.from(found);
  });
}

/**
 * BENCH_PROFILE_DIR=dir: records a CPU profile (CDP Profiler, 200 µs
 * sampling) of each scenario's measured phase into dir/<name>.cpuprofile,
 * for diagnosis (open it in Chrome DevTools, or summarise it with
 * bench/profileSummary.ts). Profiling slows the page: figures from such a
 * run are not comparable.
 */
export async function startProfile(bench: BenchPage): Promise<void> {
  if (!process.env.BENCH_PROFILE_DIR) return;
  await bench.cdp.send('Profiler.enable');
  await bench.cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await bench.cdp.send('Profiler.start');
}

export async function stopProfile(bench: BenchPage, name: string): Promise<void> {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return;
  const { profile } = await bench.cdp.send('Profiler.stop');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
}
