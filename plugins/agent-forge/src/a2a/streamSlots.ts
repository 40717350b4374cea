/**
 * A cap on concurrent streams per origin.
 *
 * Over HTTP/1.1 a browser opens at most six connections per host, and an
 * event stream holds one for as long as the reply lasts. With six replies
 * streaming, every other request to that host waits for one of them to end:
 * `tasks/cancel` after Stop (the agent keeps working), the next reply (which
 * spends its first-event timeout before it is even sent) and, behind the
 * Backstage proxy, every other Backstage call of the page. Keeping streams
 * below the browser's limit leaves connections free for those; a stream over
 * the cap waits here, visibly queued, and its timeout starts when it is sent.
 *
 * HTTP/2 and HTTP/3 multiplex streams on one connection, so once the
 * browser's Resource Timing shows an origin speaking them, its cap is lifted.
 */

/** Default streams per origin: below HTTP/1.1's six connections per host. */
export const DEFAULT_MAX_STREAMS_PER_ORIGIN = 4;

/** Given back when a stream ends; calling it more than once does nothing. */
export type ReleaseSlot = () => void;

export interface SlotRequest {
  signal: AbortSignal;
  /** Called with true when the stream has to wait, and false when it gets its slot. */
  onQueued?(queued: boolean): void;
}

interface Waiter {
  request: SlotRequest;
  grant(release: ReleaseSlot): void;
  leave(): void;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** The slots of one origin: FIFO, a stopped waiter leaves the queue at once. */
export class OriginSlots {
  private active = 0;
  private readonly waiting = new Set<Waiter>();

  constructor(private cap: number) {}

  get streaming(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.size;
  }

  /** Resolves with the release once the stream may be sent; rejects when the signal aborts first. */
  acquire(request: SlotRequest): Promise<ReleaseSlot> {
    const { signal } = request;
    if (signal.aborted) return Promise.reject(abortError(signal));
    if (this.active < this.cap) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        request,
        grant: release => {
          signal.removeEventListener('abort', waiter.leave);
          request.onQueued?.(false);
          resolve(release);
        },
        // Stop or delete while queued: out of the queue at once, nothing sent.
        leave: () => {
          this.waiting.delete(waiter);
          reject(abortError(signal));
        },
      };
      this.waiting.add(waiter);
      signal.addEventListener('abort', waiter.leave, { once: true });
      request.onQueued?.(true);
    });
  }

  setCap(cap: number): void {
    this.cap = cap;
    this.drain();
  }

  private releaser(): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.drain();
    };
  }

  private drain(): void {
    for (const waiter of this.waiting) {
      if (this.active >= this.cap) return;
      this.waiting.delete(waiter);
      this.active += 1;
      waiter.grant(this.releaser());
    }
  }
}

/** Protocols that multiplex: no per-host connection limit to protect. */
const MULTIPLEXED = /^(h2|h2c|h3|http\/2|http\/3)/i;

/**
 * The stream slots of one page, by origin. Shared by every client of the
 * page (the agent, and the proxy that may front it and the portal alike).
 */
export class StreamSlots {
  private readonly origins = new Map<string, OriginSlots>();
  private readonly multiplexed = new Set<string>();
  private observer?: PerformanceObserver;

  /** @param maxPerOrigin cap for origins not (yet) seen speaking HTTP/2 or HTTP/3. */
  constructor(readonly maxPerOrigin: number = DEFAULT_MAX_STREAMS_PER_ORIGIN) {}

  forUrl(url: string): OriginSlots {
    const origin = new URL(url).origin;
    let slots = this.origins.get(origin);
    if (!slots) {
      slots = new OriginSlots(this.multiplexed.has(origin) ? Infinity : this.maxPerOrigin);
      this.origins.set(origin, slots);
    }
    return slots;
  }

  /** Records the protocol a response from `url` came over (Resource Timing's nextHopProtocol). */
  noteProtocol(url: string, protocol: string): void {
    if (!MULTIPLEXED.test(protocol)) return;
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return;
    }
    if (this.multiplexed.has(origin)) return;
    this.multiplexed.add(origin);
    this.origins.get(origin)?.setCap(Infinity);
  }

  /**
   * Watches the page's Resource Timing for the protocol of finished requests
   * (the card fetch first). Where the API is missing, the cap simply stays.
   */
  watchProtocols(): void {
    if (this.observer || typeof PerformanceObserver === 'undefined') return;
    try {
      const observer = new PerformanceObserver(list => {
        for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
          if (entry.nextHopProtocol) this.noteProtocol(entry.name, entry.nextHopProtocol);
        }
      });
      observer.observe({ type: 'resource', buffered: true });
      this.observer = observer;
    } catch {
      // No resource entries in this environment.
    }
  }

  dispose(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }
}
