/*
 * What the bench reads from the page, as window.__agentForgeBench. Everything
 * is recorded raw (times are performance.now(), in ms since navigation
 * start); bench/analyze.ts turns it into figures. Keep the hot paths (the
 * Profiler callback, setItem, the stream transform) to a push and a counter.
 */
import type { ProfilerOnRenderCallback } from 'react';

/** One <Profiler> callback: id, phase, actualDuration, commitTime. */
export type RenderRecord = [id: string, phase: string, actualMs: number, commitTime: number];
/** One localStorage.setItem: time, key, characters written (key + value), ok. */
export type WriteRecord = [time: number, key: string, chars: number, ok: boolean];

/** One server-sent-events response the app read (a reply or a resubscribe). */
export interface StreamRecord {
  url: string;
  openedAt: number;
  /** Events read so far, and those that were `streaming_result` chunks. */
  events: number;
  chunks: number;
  firstChunkAt?: number;
  lastChunkAt?: number;
  closedAt?: number;
}

export interface BenchRecorder {
  renders: RenderRecord[];
  writes: WriteRecord[];
  removes: Array<[time: number, key: string]>;
  reads: number;
  longTasks: Array<[start: number, duration: number]>;
  streams: StreamRecord[];
  /** `streaming_result` events read so far, over all streams. */
  chunks: number;
  /** Set by the bench while it traces: a performance mark per read (`af:chunks:<n>`). */
  markChunks: boolean;
  onRender: ProfilerOnRenderCallback;
  storage: Storage;
  /** Clears what was recorded so far (not `renders`). */
  reset(): void;
}

declare global {
  interface Window {
    __agentForgeBench?: BenchRecorder;
  }
}

function createRecorder(): BenchRecorder {
  const target = window.localStorage;

  const rec: BenchRecorder = {
    renders: [],
    writes: [],
    removes: [],
    reads: 0,
    longTasks: [],
    streams: [],
    chunks: 0,
    markChunks: false,
    onRender: (id, phase, actualDuration, _base, _start, commitTime) => {
      rec.renders.push([id, phase, actualDuration, commitTime]);
    },
    storage: {
      get length() {
        return target.length;
      },
      key: (index: number) => target.key(index),
      getItem: (key: string) => {
        rec.reads += 1;
        return target.getItem(key);
      },
      setItem: (key: string, value: string) => {
        const time = performance.now();
        try {
          target.setItem(key, value);
        } catch (error) {
          rec.writes.push([time, key, key.length + value.length, false]);
          throw error;
        }
        rec.writes.push([time, key, key.length + value.length, true]);
      },
      removeItem: (key: string) => {
        rec.removes.push([performance.now(), key]);
        target.removeItem(key);
      },
      clear: () => target.clear(),
    },
    reset() {
      performance.clearMarks();
      // Renders are kept: a row's previous id tells an inner render from a
      // new-props one (bench/analyze.ts); the analysis reads time windows.
      rec.writes = [];
      rec.removes = [];
      rec.reads = 0;
      rec.longTasks = [];
      rec.streams = [];
      rec.chunks = 0;
    },
  };


  try {
    new PerformanceObserver(list => {
      for (const entry of list.getEntries()) rec.longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No longtask support: the bench reports the figure as missing.
  }

  // Count the chunks of every event stream as the app reads them.
  const originalFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const openedAt = performance.now();
    const response = await originalFetch(input, init);
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('text/event-stream') || !response.body) return response;
    const stream: StreamRecord = { url: response.url, openedAt, events: 0, chunks: 0 };
    rec.streams.push(stream);
    const decoder = new TextDecoder();
    let carry = '';
    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(bytes, controller) {
          // In a trace, this mark says how many chunks were read before this read.
          if (rec.markChunks) performance.mark(`af:chunks:${rec.chunks}`);
          carry += decoder.decode(bytes, { stream: true });
          let start = 0;
          for (let end = carry.indexOf('\n\n'); end >= 0; end = carry.indexOf('\n\n', start)) {
            stream.events += 1;
            if (carry.substring(start, end).includes('"streaming_result"')) {
              const now = performance.now();
              stream.chunks += 1;
              rec.chunks += 1;
              stream.firstChunkAt ??= now;
              stream.lastChunkAt = now;
            }
            start = end + 2;
          }
          carry = carry.slice(start);
          controller.enqueue(bytes);
        },
        flush() {
          stream.closedAt = performance.now();
        },
        // The app stops reading once the turn has ended (not in every TypeScript lib yet).
        cancel() {
          stream.closedAt = performance.now();
        },
      } as Transformer<Uint8Array, Uint8Array>),
    );
    return new Response(counted, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

  return rec;
}

export const recorder: BenchRecorder = createRecorder();
window.__agentForgeBench = recorder;
