/*
 * Scenario 1, "one long reply": one session, 5,000 chunks ending in ~50 KB
 * of markdown (headings, a list, a table, a code block, then paragraphs).
 *
 *   warm-up   a short reply, so the session has settled messages
 *   fast      5,000 chunks as fast as the agent sends them (/delay 0)
 *   paced     the same reply again, one chunk per millisecond (/delay 1):
 *             the "longer, slower reply" of the storage target, and the run
 *             that main-thread cost per chunk is measured on (see README)
 *
 * Both long replies are traced (categories toplevel + blink.user_timing) for
 * main-thread time per chunk.
 */
import type { Browser } from 'playwright-core';
import {
  chunkCostFromTrace,
  commitsPerSecond,
  countBy,
  longTasksIn,
  parseRenders,
  settledMessageRenders,
  streamingWindow,
  writesTo,
  type ChunkCost,
} from '../analyze';
import {
  activeSessionId,
  newChat,
  openAgentForge,
  openBenchPage,
  readRecorder,
  resetRecorder,
  saveRaw,
  send,
  startProfile,
  stopProfile,
  storageNamespaces,
  waitAllIdle,
  waitQuiet,
  type BenchPage,
} from '../page';

export const FAST = '/chunks 5000 /delay 0 /size 50 one long reply';
export const PACED = '/chunks 5000 /delay 1 /size 50 the same long reply, paced';
const WARM_UP = '/chunks 40 /delay 0 /size 2 warm-up: a short settled reply';
/** Leaves time for a pending persistence timer (1 s) to fire after the end. */
const SETTLE_GRACE_MS = 1500;

export interface ReplyResult {
  chunks: number;
  /** Request start → the reply's settled commit. */
  durationMs: number;
  chunksPerSecond: number;
  /** setItem calls on this session's record during the turn (send → settled + grace). */
  writes: { count: number; chars: number; atMs: number[] };
  /** setItem calls on any key during the turn. */
  allWrites: number;
  /** Writes allowed by "one a second of streaming plus one at the end". */
  writesAllowed: number;
  commitsPerSecond: { max: number; mean: number; commits: number; seconds: number };
  settledRenders: { count: number; byWhy: Record<string, number> };
  longTasks: { count: number; maxMs: number; totalMs: number; durations: number[] };
  cost: ChunkCost;
  /** All Profiler callbacks during the reply, by kind|state|why|phase (for diagnosis). */
  renders: Record<string, number>;
}

export interface LongReplyResult {
  namespace: string[];
  fast: ReplyResult;
  paced: ReplyResult;
  pageErrors: string[];
}

async function measureReply(
  browser: Browser,
  bench: BenchPage,
  name: string,
  text: string,
  sessionKey: string,
): Promise<ReplyResult> {
  const { page } = bench;
  await waitQuiet(page);
  await resetRecorder(page);
  await page.evaluate(() => (window.__agentForgeBench!.markChunks = true));
  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
  await startProfile(bench);
  const sentAt = await send(page, text);
  await waitAllIdle(page, 1, 180_000);
  await stopProfile(bench, `long-reply-${name}`);
  await new Promise(r => setTimeout(r, SETTLE_GRACE_MS));
  const trace = (await browser.stopTracing()).toString('utf8');
  await page.evaluate(() => (window.__agentForgeBench!.markChunks = false));
  const rec = await readRecorder(page);
  saveRaw(`long-reply-${name}`, { sentAt, rec });

  // Parsed from the start (a row's previous id matters), used from the send on.
  const renders = parseRenders(rec.renders).filter(r => r.commitTime >= sentAt);
  const stream = rec.streams[rec.streams.length - 1];
  const replyId = renders.find(r => r.kind === 'message' && r.state === 'streaming')?.messageId;
  const streamed = replyId ? streamingWindow(renders, replyId) : undefined;
  if (!stream || !streamed) throw new Error('the long reply did not stream and settle in the page');
  const durationMs = streamed.to - stream.openedAt;
  const turn = { from: sentAt, to: rec.now };
  return {
    chunks: stream.chunks,
    durationMs,
    chunksPerSecond: stream.chunks / (durationMs / 1000),
    writes: writesTo(rec.writes, sessionKey, turn),
    allWrites: rec.writes.filter(w => w[0] >= turn.from && w[0] < turn.to).length,
    writesAllowed: Math.ceil((streamed.to - sentAt) / 1000) + 1,
    commitsPerSecond: commitsPerSecond(renders, streamed),
    settledRenders: settledMessageRenders(renders, streamed),
    longTasks: longTasksIn(rec.longTasks, turn),
    cost: chunkCostFromTrace(trace),
    renders: countBy(renders, r => [r.kind, r.state, r.why, r.phase].filter(Boolean).join('|')),
  };
}

export async function runLongReply(browser: Browser, appUrl: string): Promise<LongReplyResult> {
  const bench = await openBenchPage(browser, appUrl);
  try {
    const { page } = bench;
    await openAgentForge(page);
    await newChat(page);
    await send(page, WARM_UP);
    await waitAllIdle(page, 1);
    const namespace = await storageNamespaces(page);
    const sessionId = await activeSessionId(page);
    if (namespace.length !== 1 || !sessionId) {
      throw new Error(`expected one storage namespace and an active session, got ${namespace} / ${sessionId}`);
    }
    const key = `agent-forge:${encodeURIComponent(namespace[0])}:session:${sessionId}`;
    const fast = await measureReply(browser, bench, 'fast', FAST, key);
    const paced = await measureReply(browser, bench, 'paced', PACED, key);
    return {
      namespace,
      fast,
      paced,
      pageErrors: bench.session.pageErrors.map(e => e.message),
    };
  } finally {
    await bench.close();
  }
}
