/* The issue's figures and targets, from the scenarios' results. */
import type { BundleSize } from './build';
import type { Figure } from './report';
import type { BigHistoryResult } from './scenarios/bigHistory';
import type { HostileResult } from './scenarios/hostile';
import type { LongReplyResult } from './scenarios/longReply';
import type { RedosResult } from './scenarios/redos';
import type { TenAtOnceResult } from './scenarios/tenAtOnce';

const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';

function redosDetail(redos: RedosResult, kind: 'catastrophic' | 'largest'): string {
  return redos.patterns
    .filter(p => p.kind === kind)
    .map(p => `${p.pattern} ${p.clickMs.toFixed(1)} ms (runs ${p.runsMs.join(', ')})`)
    .join('; ');
}

export function figures(
  long: LongReplyResult,
  ten: TenAtOnceResult,
  big: BigHistoryResult,
  bundle: BundleSize,
  redos: RedosResult,
  hostile: HostileResult,
): Figure[] {
  const { fast, paced } = long;
  const { longline, flood, replans } = hostile.replies;
  const hostileLongest = Math.max(longline.longestTaskMs, flood.longestTaskMs, replans.longestTaskMs, hostile.stop.longestTaskMs);
  return [
    {
      key: 'hiddenSessionRenders',
      label: 'ten at once: renders of non-visible sessions\' components',
      value: ten.hiddenRenders.count,
      unit: '',
      target: { op: '=', value: 0 },
      detail: `while all ${ten.sessions} replies streamed (${Math.round(ten.steadyWindowMs)} ms), by cause: ${list(ten.hiddenRenders.byWhy)}; not counted: ${list(ten.hiddenRenders.excluded)}; whole scenario: ${ten.hiddenRendersWholeScenario.count} (${list(ten.hiddenRendersWholeScenario.byWhy)})`,
    },
    {
      key: 'settledRendersLongReply',
      label: 'one long reply: renders of settled messages',
      value: fast.settledRenders.count + paced.settledRenders.count,
      unit: '',
      target: { op: '=', value: 0 },
      detail: `fast ${fast.settledRenders.count} (${list(fast.settledRenders.byWhy)}), paced ${paced.settledRenders.count} (${list(paced.settledRenders.byWhy)}); a settled message's render is counted unless it is its mount, its settling, or its own lazy work within 1 s of either`,
    },
    {
      key: 'settledRendersTenAtOnce',
      label: 'ten at once: renders of settled messages (visible session)',
      value: ten.settledRenders.count,
      unit: '',
      target: { op: '=', value: 0 },
      detail: `by cause: ${list(ten.settledRenders.byWhy)}; not counted: mounts on a switch, ${list(ten.settledRenders.excluded)}`,
    },
    {
      key: 'commitsPerSecondLongReply',
      label: 'one long reply: commits/s of the visible session (max 1-s)',
      value: Math.max(fast.commitsPerSecond.max, paced.commitsPerSecond.max),
      unit: '/s',
      target: { op: '<=', value: 60 },
      detail: `fast max ${fast.commitsPerSecond.max} (mean ${fast.commitsPerSecond.mean.toFixed(1)} over ${fast.commitsPerSecond.seconds.toFixed(1)} s), paced max ${paced.commitsPerSecond.max} (mean ${paced.commitsPerSecond.mean.toFixed(1)} over ${paced.commitsPerSecond.seconds.toFixed(1)} s)`,
    },
    {
      key: 'commitsPerSecondTenAtOnce',
      label: 'ten at once: commits/s of the visible session (max 1-s)',
      value: ten.commitsPerSecond.max,
      unit: '/s',
      target: { op: '<=', value: 60 },
      detail: `mean ${ten.commitsPerSecond.mean.toFixed(1)} over ${ten.commitsPerSecond.seconds.toFixed(1)} s`,
    },
    {
      key: 'storageWritesLongReply',
      label: 'one long reply: localStorage writes',
      value: fast.writes.count,
      unit: '',
      target: { op: '<=', value: 5 },
      detail: `${fast.writes.count} writes of the session record, ${fast.writes.chars.toLocaleString('en-US')} characters (UTF-16: ×2 bytes), at ${fast.writes.atMs.join(', ')} ms after send; ${fast.allWrites} setItem calls on any key`,
    },
    {
      key: 'storageWritesSlowReply',
      label: 'longer, slower reply: localStorage writes',
      value: paced.writes.count,
      unit: '',
      target: { op: '<=', value: paced.writesAllowed, text: `≤ ${paced.writesAllowed} (1/s + 1)` },
      detail: `${paced.writes.count} writes, ${paced.writes.chars.toLocaleString('en-US')} characters, at ${paced.writes.atMs.join(', ')} ms; the reply took ${(paced.durationMs / 1000).toFixed(1)} s`,
    },
    {
      key: 'chunkCostRatio',
      label: 'main-thread cost per chunk, last 10% / first 10%',
      value: paced.cost.ratio,
      unit: '',
      target: { op: '<=', value: 2 },
      detail: `measured on the paced reply: ${paced.cost.firstPer1k.toFixed(0)} → ${paced.cost.lastPer1k.toFixed(0)} ms of main thread per 1,000 chunks (${paced.cost.reads} reads); the fast reply's chunks arrive in ${fast.cost.reads} batched reads, too few for 10% windows: ${((fast.cost.busyMs / fast.cost.chunks) * 1000).toFixed(0)} ms per 1,000 chunks over the whole reply (fast ratio, not used: ${Number.isFinite(fast.cost.ratio) ? fast.cost.ratio.toFixed(2) : 'n/a'})`,
    },
    {
      key: 'longTasksTenAtOnce',
      label: 'ten at once: long tasks over 50 ms',
      value: ten.longTasks.count,
      unit: '',
      target: { op: '=', value: 0 },
      detail: `${ten.longTasksAtSwitch} of them contain a switch's render (${ten.switches} switches); max ${Math.round(ten.longTasks.maxMs)} ms, ${Math.round(ten.longTasks.totalMs)} ms in all; durations ${ten.longTasks.durations.join(', ')}`,
    },
    {
      key: 'bigHistoryInteractiveMs',
      label: 'big history: load to interactive (the page)',
      value: big.pageInteractiveMs,
      unit: 'ms',
      target: { op: '<=', value: 300 },
      detail: `median of ${big.runs} cold loads (empty HTTP cache), from the app's first request for the page's code to interactive; ${big.sessions} sessions × ${big.messagesPerSession} messages (${(big.storedChars / 1e6).toFixed(2)} M characters stored); the same load with no history: ${Math.round(big.emptyPageInteractiveMs)} ms (the history adds ${Math.round(big.pageInteractiveMs - big.emptyPageInteractiveMs)} ms). Whole navigation: the Backstage app boots for ${Math.round(big.pageStartMs)} ms before it routes to the page, interactive at ${Math.round(big.interactiveMs)} ms (${Math.round(big.emptyInteractiveMs)} ms with no history); median run: DOMContentLoaded ${Math.round(big.median.navigation.domContentLoadedMs)} ms, long tasks ${big.median.longTasks.durations.join(', ') || 'none'} ms; runs ${big.all.map(r => `${r.pageInteractiveMs}/${r.emptyPageInteractiveMs}`).join(', ')} ms (page: history/empty), ${big.all.map(r => `${r.interactiveMs}/${r.emptyInteractiveMs}`).join(', ')} ms (navigation)`,
    },
    {
      key: 'bigHistoryNavigationMs',
      label: 'big history: navigation start to interactive',
      value: big.interactiveMs,
      unit: 'ms',
      detail: `median of ${big.runs} cold loads; of which the Backstage app's boot before it routes to the page: ${Math.round(big.pageStartMs)} ms (the same for any plugin's page)`,
    },
    {
      key: 'hostileLongestTaskMs',
      label: 'hostile replies: longest main-thread task',
      value: hostileLongest,
      unit: 'ms',
      target: { op: '<=', value: 250 },
      detail: `300 KB line without whitespace ${longline.longestTaskMs} ms (reply ${longline.durationMs} ms), 5,000 artifacts ${flood.longestTaskMs} ms (${flood.durationMs} ms), 5,000 plan versions ${replans.longestTaskMs} ms (${replans.durationMs} ms), endless stream until Stop ${hostile.stop.longestTaskMs} ms; before the reply bounds these froze the tab for 6 s, 6 s and 6 s, and 2 MB for minutes`,
    },
    {
      key: 'hostileStopMs',
      label: 'hostile replies: Stop on an endless stream, click to the stream aborted',
      value: hostile.stop.handledMs,
      unit: 'ms',
      target: { op: '<=', value: 100 },
      detail: `after ${hostile.stop.chunksBeforeStop.toLocaleString('en-US')} chunks of a zero-delay stream; from the click event's timestamp (input delay included) to the page's handler having run (it aborts the stream; nothing of it is applied after); "Stopped" painted ${hostile.stop.paintedMs} ms after the click; before: Stop was ignored for over a minute`,
    },
    {
      key: 'redosCatastrophicMs',
      label: 'ReDoS guard: worst Submit over the catastrophic set (1,000-character values)',
      value: redos.catastrophicWorstMs,
      unit: 'ms',
      target: { op: '<=', value: 16 },
      detail: `packages/app's production build; per pattern, from the Submit click to the end of its handling (the check, compiling included, and React's commit of the error), median of ${redos.runs} fresh pages: ${redosDetail(redos, 'catastrophic')}; the same form without a pattern: ${redos.controlMs.toFixed(1)} ms`,
    },
    {
      key: 'redosLargestMs',
      label: 'ReDoS guard: Submit with the largest pattern program accepted',
      value: redos.largestWorstMs,
      unit: 'ms',
      target: { op: '<=', value: 50 },
      detail: `patterns just under the 200-instruction cap, on an adversarial 1,000-character value; ≤ 50 ms is no long task: ${redosDetail(redos, 'largest')}`,
    },
    {
      key: 'chunksPerSecond',
      label: 'one long reply: chunks per second, end to end',
      value: fast.chunksPerSecond,
      unit: '/s',
      detail: `${fast.chunks} chunks in ${Math.round(fast.durationMs)} ms (request → settled commit); paced ${paced.chunksPerSecond.toFixed(0)}/s; ten at once ${ten.chunksPerSecond.toFixed(0)}/s in all (${ten.chunks} chunks, ${ten.maxConcurrentStreams} streams at once)`,
    },
    {
      key: 'heapGrowthTenAtOnce',
      label: 'ten at once: JS heap growth after it settles',
      value: ten.heapGrowthBytes / 1024 ** 2,
      unit: 'MiB',
      detail: `${(ten.heapBeforeBytes / 1024 ** 2).toFixed(1)} → ${(ten.heapAfterBytes / 1024 ** 2).toFixed(1)} MiB used after GC`,
    },
    {
      key: 'pluginGzip',
      label: 'plugin bundle size (gzip)',
      value: bundle.pluginGzip / 1024,
      unit: 'KiB',
      detail: `${(bundle.ownedChunksGzip / 1024).toFixed(1)} KiB in chunks that are only the plugin's, the rest its share of shared chunks; opening the page loads ${(bundle.pageLoadGzip / 1024).toFixed(1)} KiB of lazy chunks; whole app ${(bundle.totalGzip / 1024).toFixed(0)} KiB`,
    },
  ];
}
