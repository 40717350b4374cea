/*
 * Pure functions from what the page recorded (Profiler callbacks, storage
 * writes, long tasks, a trace) to the bench's figures. Times are the page's
 * performance.now() in ms, except trace timestamps (µs, converted here).
 */
import type { RenderRecord, WriteRecord } from './page';

export interface ParsedRender {
  kind: 'view' | 'item' | 'message' | 'sidebar' | 'other';
  sessionId?: string;
  messageId?: string;
  /** The row's status at that render (`sent` for user messages). */
  state?: string;
  /**
   * Why a row rendered: the props that changed (`message`, `isLast`,
   * `summary`, `active`, …), `mount`, or `inner` when nothing was passed in
   * and something inside the row rendered (its own state, a context).
   */
  why?: string;
  phase: string;
  actualMs: number;
  commitTime: number;
}

/**
 * Parses Profiler callbacks with ids as written by
 * plugins/agent-forge/src/instrumentation.tsx. A row's id carries its render
 * count; a callback repeating the row's previous id is an `inner` render.
 */
export function parseRenders(records: RenderRecord[]): ParsedRender[] {
  const lastId = new Map<string, string>();
  return records.map(([id, phase, actualMs, commitTime]) => {
    const base = { phase, actualMs, commitTime };
    const [scope, state, tail] = id.split('|');
    if (scope === 'sidebar') return { kind: 'sidebar', ...base };
    let match = /^session:(.+):view$/.exec(scope);
    if (match) return { kind: 'view', sessionId: match[1], ...base };
    const why = tail?.replace(/#\d+$/, '');
    const repeated = lastId.get(scope) === id;
    lastId.set(scope, id);
    const row = { state, why: repeated ? 'inner' : why, ...base };
    match = /^session:(.+):item$/.exec(scope);
    if (match) return { kind: 'item', sessionId: match[1], ...row };
    match = /^message:(.+)$/.exec(scope);
    if (match) return { kind: 'message', messageId: match[1], ...row };
    return { kind: 'other', ...base };
  });
}

export interface Window {
  from: number;
  to: number;
}

const inside = (t: number, w: Window) => t >= w.from && t < w.to;

export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/**
 * The streaming window of one reply in the visible view: from its row's
 * first update while streaming (after the row's mount, which is also when
 * the previous reply loses `isLast`) to the commit in which it settles
 * (exclusive).
 */
export function streamingWindow(renders: ParsedRender[], messageId: string): Window | undefined {
  const rows = renders.filter(r => r.kind === 'message' && r.messageId === messageId);
  const first = rows.find(r => r.state === 'streaming' && r.phase !== 'mount');
  const settled = rows.find(r => r.state !== 'streaming');
  if (!first || !settled) return undefined;
  return { from: first.commitTime, to: settled.commitTime };
}

/**
 * A row's own effects right after it mounts or settles (lazy code
 * highlighting, MUI's ref bookkeeping) are not re-renders.
 */
export const AFTER_MOUNT_MS = 1000;

/**
 * Message rows that rendered again after they had settled, within the
 * window. Not counted: mounts (a switch shows another session), a reply's own
 * settling render (streaming → complete), and a row's inner renders within
 * AFTER_MOUNT_MS of its mount or of its settling; those are listed in
 * `excluded`.
 */
export function settledMessageRenders(renders: ParsedRender[], window: Window) {
  const lastState = new Map<string, string | undefined>();
  const mountedAt = new Map<string, number>();
  const hits: ParsedRender[] = [];
  const excluded: ParsedRender[] = [];
  for (const r of renders) {
    if (r.kind !== 'message' || !r.messageId) continue;
    const before = lastState.get(r.messageId);
    lastState.set(r.messageId, r.state);
    if (r.phase === 'mount' || (before === 'streaming' && r.state !== 'streaming')) mountedAt.set(r.messageId, r.commitTime);
    if (r.state === 'streaming' || r.phase === 'mount' || before === 'streaming') continue;
    if (!inside(r.commitTime, window)) continue;
    const sinceMount = r.commitTime - (mountedAt.get(r.messageId) ?? -Infinity);
    if (r.why === 'inner' && sinceMount < AFTER_MOUNT_MS) excluded.push(r);
    else hits.push(r);
  }
  return {
    count: hits.length,
    byWhy: countBy(hits, r => r.why ?? '?'),
    excluded: countBy(excluded, () => 'inner, right after mount or settling'),
    examples: hits
      .slice(0, 12)
      .map(r => `${Math.round(r.commitTime - window.from)}ms ${r.messageId?.slice(0, 8)} ${r.state} ${r.why} ${r.phase}`),
  };
}

/** The visible session over time, from the view's Profiler ids. */
export function visibleTimeline(renders: ParsedRender[]): Array<{ at: number; sessionId: string }> {
  const out: Array<{ at: number; sessionId: string }> = [];
  for (const r of renders) {
    if (r.kind !== 'view' || !r.sessionId) continue;
    if (out.length === 0 || out[out.length - 1].sessionId !== r.sessionId) out.push({ at: r.commitTime, sessionId: r.sessionId });
  }
  return out;
}

function visibleAt(timeline: Array<{ at: number; sessionId: string }>, t: number): string | undefined {
  let current: string | undefined;
  for (const entry of timeline) {
    if (entry.at > t) break;
    current = entry.sessionId;
  }
  return current;
}

/**
 * Renders of components of sessions that are not the visible one, within the
 * window. Left out: renders caused only by the user's switch (`active`) and
 * by the sidebar's relative-time clock (`now`), which are no other session's
 * doing; they are listed in `excluded`.
 */
export function hiddenSessionRenders(renders: ParsedRender[], window: Window) {
  const timeline = visibleTimeline(renders);
  const hidden = renders.filter(
    r =>
      (r.kind === 'item' || r.kind === 'view') &&
      inside(r.commitTime, window) &&
      r.sessionId !== visibleAt(timeline, r.commitTime),
  );
  const userOrClock = (r: ParsedRender) => r.why === 'active' || r.why === 'now';
  const counted = hidden.filter(r => !userOrClock(r));
  return {
    count: counted.length,
    byWhy: countBy(counted, r => `${r.kind}:${r.why ?? r.phase}`),
    excluded: countBy(hidden.filter(userOrClock), r => r.why!),
    /** The first few, for diagnosis: ms into the window, session (8 chars), state, why. */
    examples: counted
      .slice(0, 12)
      .map(r => `${Math.round(r.commitTime - window.from)}ms ${r.sessionId?.slice(0, 8)} ${r.state ?? ''} ${r.why ?? r.phase}`),
  };
}

/** Commits of the visible session's view per second: max over 1-s buckets from window.from, and the mean. */
export function commitsPerSecond(renders: ParsedRender[], window: Window) {
  const times = Array.from(
    new Set(renders.filter(r => r.kind === 'view' && inside(r.commitTime, window)).map(r => r.commitTime)),
  );
  const seconds = (window.to - window.from) / 1000;
  const buckets = new Map<number, number>();
  for (const t of times) {
    const bucket = Math.floor((t - window.from) / 1000);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
  }
  // A last, partial bucket would understate its rate: only whole seconds count for the max.
  const whole = Array.from(buckets.entries()).filter(([b]) => (b + 1) * 1000 <= window.to - window.from);
  const max = whole.length > 0 ? Math.max(...whole.map(([, n]) => n)) : Math.round(times.length / Math.max(seconds, 1e-3));
  return { max, mean: times.length / Math.max(seconds, 1e-3), commits: times.length, seconds };
}

export function writesTo(writes: WriteRecord[], key: string, window: Window) {
  const hits = writes.filter(w => w[1] === key && inside(w[0], window));
  return {
    count: hits.length,
    chars: hits.reduce((sum, w) => sum + w[2], 0),
    atMs: hits.map(w => Math.round(w[0] - window.from)),
  };
}

export function longTasksIn(longTasks: Array<[number, number]>, window: Window) {
  const hits = longTasks.filter(([start]) => inside(start, window));
  return {
    count: hits.filter(([, d]) => d > 50).length,
    maxMs: hits.reduce((m, [, d]) => Math.max(m, d), 0),
    totalMs: hits.reduce((s, [, d]) => s + d, 0),
    durations: hits.map(([, d]) => Math.round(d)),
  };
}

// ---- trace: main-thread time per chunk -----------------------------------

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
}

export interface ChunkCost {
  chunks: number;
  /** Main-thread busy ms per 1,000 chunks, first and last 10% of the reply. */
  firstPer1k: number;
  lastPer1k: number;
  ratio: number;
  /** Busy ms of the main thread from the first chunk read to the last. */
  busyMs: number;
  spanMs: number;
  reads: number;
}

/** The union of [start, end) intervals clipped to [from, to), in the same unit. */
function busyBetween(intervals: Array<[number, number]>, from: number, to: number): number {
  let busy = 0;
  let cursor = from;
  for (const [start, end] of intervals) {
    const s = Math.max(start, cursor);
    const e = Math.min(end, to);
    if (e > s) {
      busy += e - s;
      cursor = e;
    }
    if (start >= to) break;
  }
  return busy;
}

/**
 * Main-thread cost per chunk from a Chromium trace (category `toplevel` for
 * the renderer main thread's tasks, `blink.user_timing` for the recorder's
 * `af:chunks:<n>` marks, one per read of the event stream, n = chunks read
 * before it). The busy time between two marks is the union of the main
 * thread's tasks between them; it pays for the chunks read in between,
 * whatever the work (SSE parsing, the session, React, style, layout, paint).
 *
 * Each 10% window is cut into five slices of ~100 chunks and the window's
 * cost is the median slice: one garbage collection or one storage write
 * landing in a window must not decide the ratio.
 */
export function chunkCostFromTrace(traceJson: string, fraction = 0.1, slices = 5): ChunkCost {
  const parsed = JSON.parse(traceJson) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const marks = events
    .filter(e => e.name.startsWith('af:chunks:'))
    .map(e => ({ ts: e.ts, n: Number(e.name.slice('af:chunks:'.length)), pid: e.pid, tid: e.tid }))
    .sort((a, b) => a.ts - b.ts);
  if (marks.length < 4) throw new Error(`too few chunk marks in the trace (${marks.length})`);
  const { pid, tid } = marks[0];
  const tasks = events
    .filter(e => e.pid === pid && e.tid === tid && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask')
    .map(e => [e.ts, e.ts + (e.dur ?? 0)] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  if (tasks.length === 0) throw new Error('no main-thread tasks in the trace');
  // The last mark precedes the last read; the chunks of that read are not counted.
  const total = marks[marks.length - 1].n;
  const at = (n: number) => marks.find(m => m.n >= n) ?? marks[marks.length - 1];
  /** Busy ms per chunk between the marks at chunk counts fromN and toN (NaN if no chunk). */
  const perChunk = (fromN: number, toN: number) => {
    const a = at(fromN);
    const b = at(toN);
    const chunks = b.n - a.n;
    return chunks > 0 ? busyBetween(tasks, a.ts, b.ts) / 1000 / chunks : NaN;
  };
  const median = (values: number[]) => {
    const sorted = values.filter(Number.isFinite).sort((x, y) => x - y);
    if (sorted.length === 0) return NaN;
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const windowCost = (fromN: number, toN: number) => {
    const step = (toN - fromN) / slices;
    const parts = Array.from({ length: slices }, (_, i) => perChunk(fromN + i * step, fromN + (i + 1) * step));
    // Reads bigger than a slice leave some slices empty: fall back to the whole window.
    return parts.filter(Number.isFinite).length >= 3 ? median(parts) : perChunk(fromN, toN);
  };
  const first = windowCost(1, total * fraction);
  const last = windowCost(total * (1 - fraction), total);
  const start = at(1);
  const end = marks[marks.length - 1];
  return {
    chunks: total,
    firstPer1k: first * 1000,
    lastPer1k: last * 1000,
    ratio: last / first,
    busyMs: busyBetween(tasks, start.ts, end.ts) / 1000,
    spanMs: (end.ts - start.ts) / 1000,
    reads: marks.length,
  };
}
