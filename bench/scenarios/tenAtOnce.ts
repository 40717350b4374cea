/*
 * Scenario 2, "ten at once": ten sessions, each with a settled warm-up
 * exchange, receive 1,000-chunk replies at the same time while the user
 * switches the visible session every second (round robin).
 *
 * The ten replies are started together: each message carries
 * `/hang <ms until a common start>`, so the agent sends nothing before that
 * moment. Each reply is paced at /delay 5 (200 chunks/s per session, 2,000/s
 * in all), which makes the scenario last long enough for a few switches.
 */
import type { Browser } from 'playwright-core';
import {
  commitsPerSecond,
  countBy,
  hiddenSessionRenders,
  longTasksIn,
  parseRenders,
  settledMessageRenders,
  visibleTimeline,
  type Window,
} from '../analyze';
import {
  allIdle,
  heapAfterGc,
  newChat,
  openAgentForge,
  openBenchPage,
  pageNow,
  readRecorder,
  resetRecorder,
  saveRaw,
  selectSession,
  send,
  sessionIds,
  startProfile,
  stopProfile,
  waitAllIdle,
  waitQuiet,
} from '../page';

export const SESSIONS = 10;
export const CHUNKS = 1000;
export const DELAY_MS = 5;
const SWITCH_EVERY_MS = 1000;
/** Time to send the ten messages before the common start. */
const LEAD_MS = 4000;

export interface TenAtOnceResult {
  sessions: number;
  chunks: number;
  /** First chunk read → last reply settled (page time). */
  durationMs: number;
  chunksPerSecond: number;
  /** Streams that were reading at the same time, at most (HTTP/1.1 allows 6 per host). */
  maxConcurrentStreams: number;
  streams: Array<{ openedAfterMs: number; firstChunkAfterMs?: number; lastChunkAfterMs?: number; chunks: number }>;
  switches: number;
  /** While all replies streamed (first chunk of the last to start → first to finish). */
  steadyWindowMs: number;
  hiddenRenders: ReturnType<typeof hiddenSessionRenders>;
  hiddenRendersWholeScenario: ReturnType<typeof hiddenSessionRenders>;
  settledRenders: ReturnType<typeof settledMessageRenders>;
  commitsPerSecond: ReturnType<typeof commitsPerSecond>;
  longTasks: ReturnType<typeof longTasksIn>;
  /** Of those, the ones in which the visible session changed (a switch's render). */
  longTasksAtSwitch: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  heapGrowthBytes: number;
  renders: Record<string, number>;
  pageErrors: string[];
}

export async function runTenAtOnce(browser: Browser, appUrl: string): Promise<TenAtOnceResult> {
  const bench = await openBenchPage(browser, appUrl);
  try {
    const { page } = bench;
    await openAgentForge(page);
    for (let i = 1; i <= SESSIONS; i++) {
      await newChat(page);
      await send(page, `/chunks 5 /delay 0 warm-up of session ${i}`);
      await waitAllIdle(page, i);
    }
    await waitQuiet(page);
    const ids = (await sessionIds(page)).slice(0, SESSIONS);
    const heapBeforeBytes = await heapAfterGc(bench);
    const resetAt = await resetRecorder(page);

    await startProfile(bench);
    const startAt = Date.now() + LEAD_MS;
    for (const [i, id] of ids.entries()) {
      await selectSession(page, id);
      const hang = Math.max(0, startAt - Date.now());
      await send(page, `/chunks ${CHUNKS} /delay ${DELAY_MS} /hang ${hang} ten at once, reply ${i + 1}`);
    }
    // The user switches every second until every reply has ended.
    let switches = 0;
    let next = 0;
    while (!(await allIdle(page, SESSIONS))) {
      await new Promise(r => setTimeout(r, SWITCH_EVERY_MS));
      if (Date.now() < startAt) continue;
      if (await allIdle(page, SESSIONS)) break;
      await selectSession(page, ids[next % ids.length]);
      next += 1;
      switches += 1;
    }
    const endAt = await pageNow(page);
    await stopProfile(bench, 'ten-at-once');
    await new Promise(r => setTimeout(r, 1500));
    const heapAfterBytes = await heapAfterGc(bench);
    const rec = await readRecorder(page);
    saveRaw('ten-at-once', { resetAt, rec });

    // Parsed from the start (a row's previous id matters), used from the reset on.
    const renders = parseRenders(rec.renders).filter(r => r.commitTime >= resetAt);
    const streams = rec.streams.filter(s => s.chunks > 0);
    const firstChunk = Math.min(...streams.map(s => s.firstChunkAt ?? Infinity));
    const lastStart = Math.max(...streams.map(s => s.firstChunkAt ?? -Infinity));
    const firstEnd = Math.min(...streams.map(s => s.lastChunkAt ?? Infinity));
    const lastEnd = Math.max(...streams.map(s => s.lastChunkAt ?? -Infinity));
    const t0 = Math.min(...rec.streams.map(s => s.openedAt));
    let maxConcurrentStreams = 0;
    for (const s of streams) {
      const at = s.firstChunkAt ?? 0;
      const reading = streams.filter(o => (o.firstChunkAt ?? Infinity) <= at && (o.lastChunkAt ?? -Infinity) >= at).length;
      maxConcurrentStreams = Math.max(maxConcurrentStreams, reading);
    }
    const streaming: Window = { from: firstChunk, to: lastEnd };
    // Steady state: every session streams, and the sidebar shows it. A
    // session's switch to 'streaming' is committed a few ms after the read
    // that carried its first events (the SDK parses them after the read), so
    // the window opens after the last of those commits, not at the read.
    const startCommits = new Map<string, number>();
    for (const r of renders) {
      if (r.kind === 'item' && r.state === 'streaming' && r.sessionId && !startCommits.has(r.sessionId)) {
        startCommits.set(r.sessionId, r.commitTime);
      }
    }
    const steadyFrom = Math.max(lastStart, ...startCommits.values()) + 0.001;
    const steady: Window = steadyFrom < firstEnd ? { from: steadyFrom, to: firstEnd } : { from: 0, to: 0 };
    const chunks = streams.reduce((sum, s) => sum + s.chunks, 0);
    const longTaskWindow: Window = { from: firstChunk - 50, to: endAt };
    const switchCommits = visibleTimeline(renders).map(v => v.at);
    const longTasksAtSwitch = rec.longTasks.filter(
      ([start, duration]) =>
        duration > 50 &&
        start >= longTaskWindow.from &&
        start < longTaskWindow.to &&
        switchCommits.some(at => at >= start && at <= start + duration),
    ).length;
    return {
      sessions: ids.length,
      chunks,
      durationMs: endAt - firstChunk,
      chunksPerSecond: chunks / ((endAt - firstChunk) / 1000),
      maxConcurrentStreams,
      streams: rec.streams.map(s => ({
        openedAfterMs: Math.round(s.openedAt - t0),
        firstChunkAfterMs: s.firstChunkAt && Math.round(s.firstChunkAt - t0),
        lastChunkAfterMs: s.lastChunkAt && Math.round(s.lastChunkAt - t0),
        chunks: s.chunks,
      })),
      switches,
      steadyWindowMs: steady.to - steady.from,
      hiddenRenders: hiddenSessionRenders(renders, steady),
      hiddenRendersWholeScenario: hiddenSessionRenders(renders, { from: -Infinity, to: Infinity }),
      settledRenders: settledMessageRenders(renders, streaming),
      commitsPerSecond: commitsPerSecond(renders, streaming),
      longTasks: longTasksIn(rec.longTasks, longTaskWindow),
      longTasksAtSwitch,
      heapBeforeBytes,
      heapAfterBytes,
      heapGrowthBytes: heapAfterBytes - heapBeforeBytes,
      renders: countBy(renders, r => [r.kind, r.state, r.why, r.phase].filter(Boolean).join('|')),
      pageErrors: bench.session.pageErrors.map(e => e.message),
    };
  } finally {
    await bench.close();
  }
}
