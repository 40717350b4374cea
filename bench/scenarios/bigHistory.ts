/*
 * Scenario 3, "big history": 200 stored sessions × 100 messages, cold load.
 *
 * A fresh context opens a blank page on the app's origin (no app code, so
 * the HTTP cache stays empty) and writes the records the way
 * LocalStorageSessionRepository does (`agent-forge:<user>:session:<id>`,
 * records.ts format, schema v1). A second page then loads /agent-forge.
 *
 * It loads packages/app's own production build — what users run, React's
 * production build, no Profilers — since this figure is a time, not a count.
 * "Interactive" (an init script watching the DOM, installReadyProbe): the
 * first moment the sidebar lists all 200 sessions (its first screen of rows
 * rendered: it renders the rows in view), the active conversation shows its
 * latest messages (it opens on the last INITIAL_MESSAGES, earlier ones on
 * scroll), and the composer's textarea is there and enabled — plus its
 * paint and the wait for the next task (the main thread is free to handle
 * input).
 *
 * The figure starts when the app starts the Agent Forge page: the first
 * request for one of the page's lazy chunks (Resource Timing), so it holds
 * everything the plugin costs — fetching and compiling its code from an
 * empty cache, reading the history, rendering — and not the Backstage app's
 * own boot before it routes to any page, which is reported next to it
 * (navigation start → the page's start), as is the whole navigation.
 */
import type { Browser } from 'playwright-core';
import { longTasksIn } from '../analyze';
import { newChat, openBenchPage, startProfile, stopProfile, storageNamespaces } from '../page';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { INITIAL_MESSAGES } from '../../plugins/agent-forge/src/components/Conversation/useEarlierMessages';
import { BLANK_PATH } from '../servers';

export const SESSIONS = 200;
export const MESSAGES = 100;

/** One cold load. */
export interface LoadRun {
  /** Navigation start → the ready commit, and → the main thread free after it. */
  readyMs: number;
  interactiveMs: number;
  /** Navigation start → the first request of the page's code (the app's boot until it routes). */
  pageStartMs: number;
  sidebarSessions: number;
  sidebarRows: number;
  logRows: number;
  navigation: { responseEndMs: number; domContentLoadedMs: number; loadMs: number };
  longTasks: ReturnType<typeof longTasksIn>;
  /** Session records in storage after the load (retention must not have pruned the history). */
  recordsAfterLoad: number;
  pageErrors: string[];
}

export interface BigHistoryResult {
  sessions: number;
  messagesPerSession: number;
  storedChars: number;
  runs: number;
  /** Medians over the runs with the history, and over the same loads with no history. */
  readyMs: number;
  interactiveMs: number;
  emptyReadyMs: number;
  emptyInteractiveMs: number;
  /** The page's start → interactive (the figure), with and without the history. */
  pageInteractiveMs: number;
  emptyPageInteractiveMs: number;
  pageStartMs: number;
  /** The run closest to the median, in full. */
  median: LoadRun;
  all: Array<{ pageInteractiveMs: number; emptyPageInteractiveMs: number; interactiveMs: number; emptyInteractiveMs: number }>;
  pageErrors: string[];
}

/** Runs in the page: writes the records; returns the characters written. */
export function seed(args: { namespace: string; sessions: number; messages: number; now: number }): number {
  const words = 'agent stream chunk plan step tool result answer status render markdown table session'.split(' ');
  const sentence = (seed: number, count: number) => {
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(words[(seed * 7 + i * 13) % words.length]);
    return out.join(' ');
  };
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const uuid = (a: number, b: number) => `${hex(a, 8)}-0000-4000-8000-${hex(b, 12)}`;
  let chars = 0;
  const prefix = `agent-forge:${encodeURIComponent(args.namespace)}:session:`;
  for (let s = 0; s < args.sessions; s++) {
    const updatedAt = args.now - (s + 1) * 60_000;
    const createdAt = updatedAt - args.messages * 30_000;
    const messages: unknown[] = [];
    for (let m = 0; m < args.messages; m++) {
      const createdAtM = createdAt + m * 30_000;
      const id = uuid(s, m);
      if (m % 2 === 0) {
        messages.push({ id, role: 'user', text: `Question ${m / 2 + 1}: ${sentence(s + m, 6)}?`, createdAt: createdAtM });
      } else {
        const list = m % 10 === 1 ? `\n\n- ${sentence(m, 3)}\n- ${sentence(m + 1, 3)}` : '';
        messages.push({
          id,
          role: 'agent',
          status: 'complete',
          createdAt: createdAtM,
          text: `**Answer.** ${sentence(s * m, 12)} \`${words[m % words.length]}\` ${sentence(m, 6)}.${list}`,
        });
      }
    }
    const record = {
      v: 1,
      session: {
        id: uuid(s, 0xffffff),
        title: `History ${s + 1}: ${sentence(s, 4)}`,
        customTitle: false,
        createdAt,
        updatedAt,
        status: 'idle',
        unread: false,
        messages,
      },
    };
    const key = prefix + record.session.id;
    const value = JSON.stringify(record);
    localStorage.setItem(key, value);
    chars += key.length + value.length;
  }
  return chars;
}

interface ReadyProbe {
  readyAt?: number;
  interactiveAt?: number;
  sidebarSessions?: number;
  sidebarRows?: number;
  logRows?: number;
  longTasks: Array<[number, number]>;
}

declare global {
  interface Window {
    __agentForgeReady?: ReadyProbe;
  }
}

/**
 * Runs in the page before the app (an init script): watches the DOM and
 * records the first moment it is ready — the sidebar lists `want.sessions`
 * (it renders the rows in view: a screenful is enough), the log shows the
 * latest `want.messages`, the composer's textarea is enabled — and when a
 * task posted at that moment runs. Also collects long tasks.
 */
export function installReadyProbe(want: { sessions: number; messages: number }) {
  if (location.pathname.startsWith('/__bench/')) return;
  const probe: ReadyProbe = { longTasks: [] };
  window.__agentForgeReady = probe;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) probe.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const check = () => {
    if (probe.readyAt !== undefined) return;
    const list = document.querySelector('ul[data-session-count]');
    const sessions = Number(list?.getAttribute('data-session-count') ?? 0);
    const rows = list?.querySelectorAll('li[data-session-id]').length ?? 0;
    const logRows = document.querySelectorAll('[data-session-pane]:not([hidden]) [role="log"] > [data-message-id]').length;
    const composer = document.querySelector('section form textarea:not([disabled])');
    if (!list || !composer || sessions < want.sessions || rows < Math.min(want.sessions, 8)) return;
    if (logRows < want.messages) return;
    Object.assign(probe, { readyAt: performance.now(), sidebarSessions: sessions, sidebarRows: rows, logRows });
    observer.disconnect();
    // Interactive: the first task after the frame that paints it (a task
    // posted from requestAnimationFrame runs after that frame's layout and
    // paint), so layout and paint count whether or not something forced them.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      probe.interactiveAt = performance.now();
      channel.port1.close();
    };
    requestAnimationFrame(() => channel.port2.postMessage(null));
  };
  // Mutation records are delivered in a microtask after the DOM changed, so
  // within the task of React's commit.
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true });
}

/** One cold load of /agent-forge in a fresh context, after seeding `sessions` records. */
async function coldLoad(
  browser: Browser,
  appUrl: string,
  namespace: string,
  sessions: number,
  messages: number,
  pageChunks: string[],
  profileName?: string,
): Promise<LoadRun & { storedChars: number }> {
  const bench = await openBenchPage(browser, appUrl);
  try {
    const { page } = bench;
    let storedChars = 0;
    if (sessions > 0) {
      await page.goto(BLANK_PATH);
      storedChars = await page.evaluate(seed, { namespace, sessions, messages, now: Date.now() });
    }
    // The conversation opens on its latest messages (the rest on scroll).
    await page.addInitScript(installReadyProbe, { sessions, messages: Math.min(messages, INITIAL_MESSAGES) });
    if (profileName) await startProfile(bench);
    await page.goto('/agent-forge');
    await page.waitForFunction(() => window.__agentForgeReady?.interactiveAt !== undefined, undefined, {
      timeout: 120_000,
      polling: 200,
    });
    if (profileName) await stopProfile(bench, profileName);
    const result = await page.evaluate(
      ({ chunks, prefix }) => {
        const pageRequests = performance
          .getEntriesByType('resource')
          .filter(e => chunks.some(file => e.name.endsWith(`/${file}`)))
          .map(e => e.startTime);
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return {
          probe: window.__agentForgeReady!,
          navigation: {
            responseEndMs: nav.responseEnd,
            domContentLoadedMs: nav.domContentLoadedEventEnd,
            loadMs: nav.loadEventEnd,
          },
          pageStartMs: pageRequests.length > 0 ? Math.min(...pageRequests) : undefined,
          recordsAfterLoad: Object.keys(localStorage).filter(k => k.startsWith(prefix)).length,
        };
      },
      { chunks: pageChunks, prefix: `agent-forge:${encodeURIComponent(namespace)}:session:` },
    );
    if (result.pageStartMs === undefined) {
      throw new Error(`big history: none of the page's chunks (${pageChunks.join(', ')}) was requested`);
    }
    const { probe } = result;
    return {
      storedChars,
      readyMs: probe.readyAt!,
      interactiveMs: probe.interactiveAt!,
      pageStartMs: result.pageStartMs,
      sidebarSessions: probe.sidebarSessions!,
      sidebarRows: probe.sidebarRows!,
      logRows: probe.logRows!,
      navigation: result.navigation,
      longTasks: longTasksIn(probe.longTasks, { from: 0, to: probe.interactiveAt! }),
      recordsAfterLoad: result.recordsAfterLoad,
      pageErrors: bench.session.pageErrors.map(e => e.message),
    };
  } finally {
    await bench.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * BENCH_LOAD_RUNS (default 7) cold loads with the history, each followed by
 * one with no history at all (the app and the plugin's page alone), so that
 * the figure can be read against what the app costs before any history.
 */
/**
 * The signed-in user's storage namespace in this app (the records' key
 * prefix): a new chat in a fresh context stores one record.
 */
async function discoverNamespace(browser: Browser, appUrl: string): Promise<string> {
  const bench = await openBenchPage(browser, appUrl);
  try {
    await bench.page.goto('/agent-forge');
    await newChat(bench.page);
    await bench.page.waitForFunction(() => Object.keys(localStorage).some(k => /^agent-forge:.+:session:/.test(k)));
    const found = await storageNamespaces(bench.page);
    if (found.length !== 1) throw new Error(`big history: expected one storage namespace, found ${found.join(', ')}`);
    return found[0];
  } finally {
    await bench.close();
  }
}

export async function runBigHistory(browser: Browser, appUrl: string, pageChunks: string[]): Promise<BigHistoryResult> {
  const namespace = await discoverNamespace(browser, appUrl);
  // Timing on a shared 2-core machine: an odd count, and a median.
  const runs = Math.max(1, Number(process.env.BENCH_LOAD_RUNS ?? 7));
  const full: Array<LoadRun & { storedChars: number }> = [];
  const empty: LoadRun[] = [];
  for (let i = 0; i < runs; i++) {
    full.push(
      await coldLoad(browser, appUrl, namespace, SESSIONS, MESSAGES, pageChunks, i === 0 ? 'big-history-load' : undefined),
    );
    empty.push(await coldLoad(browser, appUrl, namespace, 0, 0, pageChunks));
  }
  const pageMs = (r: LoadRun) => r.interactiveMs - r.pageStartMs;
  const pageInteractiveMs = median(full.map(pageMs));
  const closest = full.reduce((best, r) =>
    Math.abs(pageMs(r) - pageInteractiveMs) < Math.abs(pageMs(best) - pageInteractiveMs) ? r : best,
  );
  const { storedChars, ...medianRun } = closest;
  return {
    sessions: SESSIONS,
    messagesPerSession: MESSAGES,
    storedChars,
    runs,
    readyMs: median(full.map(r => r.readyMs)),
    interactiveMs: median(full.map(r => r.interactiveMs)),
    pageInteractiveMs,
    emptyPageInteractiveMs: median(empty.map(pageMs)),
    pageStartMs: median(full.map(r => r.pageStartMs)),
    emptyReadyMs: median(empty.map(r => r.readyMs)),
    emptyInteractiveMs: median(empty.map(r => r.interactiveMs)),
    median: medianRun,
    all: full.map((r, i) => ({
      pageInteractiveMs: Math.round(pageMs(r)),
      emptyPageInteractiveMs: Math.round(pageMs(empty[i])),
      interactiveMs: Math.round(r.interactiveMs),
      emptyInteractiveMs: Math.round(empty[i].interactiveMs),
    })),
    pageErrors: [...full, ...empty].flatMap(r => r.pageErrors),
  };
}
