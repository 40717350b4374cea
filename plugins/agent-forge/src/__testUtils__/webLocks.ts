/*
 * The Web Locks API (navigator.locks) for tests: jsdom has none. One broker
 * stands for the browser (locks are shared by all tabs of an origin); each
 * tab gets its own client, which `crash()` kills the way a browser does
 * when a tab dies: every lock it held is released and its queued requests
 * are dropped, without any code of the tab running.
 *
 * Semantics as specified (https://w3c.github.io/web-locks/): requests for a
 * name are granted in order; a shared request is granted while only shared
 * locks are held and no earlier request waits; an exclusive one when no lock
 * is held. A granted lock is held until the callback's promise settles. An
 * aborted queued request rejects with an AbortError.
 */
import type { LockManagerLike } from '../sessions/persistence/liveLocks';

type Mode = 'shared' | 'exclusive';

interface Request {
  name: string;
  mode: Mode;
  client: LockClient;
  grant(lock: Held): void;
  abort(): void;
}

/** @internal */
export interface Held {
  name: string;
  mode: Mode;
  client: LockClient;
}

/** One tab's navigator.locks. */
export class LockClient implements LockManagerLike {
  private dead = false;

  constructor(private readonly broker: LockBroker) {}

  request(
    name: string,
    options: { mode?: Mode; signal?: AbortSignal },
    callback: () => unknown,
  ): Promise<unknown> {
    if (this.dead) return new Promise(() => undefined);
    return new Promise((resolve, reject) => {
      const request: Request = {
        name,
        mode: options.mode ?? 'exclusive',
        client: this,
        grant: lock => {
          // The callback runs as a task of its own, as in a browser.
          setTimeout(() => {
            if (this.dead) return;
            Promise.resolve()
              .then(callback)
              .then(resolve, reject)
              .finally(() => this.broker.release(lock));
          }, 0);
        },
        abort: () => reject(new DOMException('The request was aborted.', 'AbortError')),
      };
      if (options.signal?.aborted) {
        request.abort();
        return;
      }
      options.signal?.addEventListener('abort', () => {
        if (this.broker.withdraw(request)) request.abort();
      });
      this.broker.enqueue(request);
    });
  }

  async query() {
    return this.broker.snapshot();
  }

  /** The tab died: its locks go, and nothing of it runs any more. */
  crash(): void {
    this.dead = true;
    this.broker.dropClient(this);
  }
}

export class LockBroker {
  private readonly queue: Request[] = [];
  private readonly held: Held[] = [];

  client(): LockClient {
    return new LockClient(this);
  }

  /** @internal */
  enqueue(request: Request): void {
    this.queue.push(request);
    this.grantWhatCan();
  }

  /** @internal */
  withdraw(request: Request): boolean {
    const index = this.queue.indexOf(request);
    if (index < 0) return false;
    this.queue.splice(index, 1);
    this.grantWhatCan();
    return true;
  }

  /** @internal */
  release(lock: Held): void {
    const index = this.held.indexOf(lock);
    if (index >= 0) this.held.splice(index, 1);
    this.grantWhatCan();
  }

  /** @internal */
  dropClient(client: LockClient): void {
    for (const request of this.queue.filter(r => r.client === client)) this.queue.splice(this.queue.indexOf(request), 1);
    for (const lock of this.held.filter(l => l.client === client)) this.held.splice(this.held.indexOf(lock), 1);
    this.grantWhatCan();
  }

  /** @internal */
  snapshot(): { held: Array<{ name: string; mode: Mode }>; pending: Array<{ name: string; mode: Mode }> } {
    return {
      held: this.held.map(({ name, mode }) => ({ name, mode })),
      pending: this.queue.map(({ name, mode }) => ({ name, mode })),
    };
  }

  private grantWhatCan(): void {
    for (let i = 0; i < this.queue.length; ) {
      const request = this.queue[i];
      const earlierWaiting = this.queue.slice(0, i).some(r => r.name === request.name);
      const holders = this.held.filter(l => l.name === request.name);
      const grantable =
        !earlierWaiting && (request.mode === 'exclusive' ? holders.length === 0 : holders.every(l => l.mode === 'shared'));
      if (!grantable) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      const lock: Held = { name: request.name, mode: request.mode, client: request.client };
      this.held.push(lock);
      request.grant(lock);
      i = 0;
    }
  }
}
