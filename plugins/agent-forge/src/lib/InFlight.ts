/**
 * A keyed lock for asynchronous creation: concurrent callers asking for the
 * same key share one in-flight promise instead of racing to create the thing
 * twice. A rejected creation is forgotten so that the next call retries.
 *
 * With `keepResolved` the resolved value stays cached (a memo for things that
 * are created once, like an agent client); without it the entry is released
 * as soon as the promise settles (a pure de-duplicating lock).
 */
export class InFlight<K, V> {
  private readonly entries = new Map<K, Promise<V>>();

  constructor(private readonly options: { keepResolved?: boolean } = {}) {}

  run(key: K, create: () => Promise<V>): Promise<V> {
    const existing = this.entries.get(key);
    if (existing) {
      return existing;
    }
    // Wrap so that a synchronous throw in `create` also becomes a rejection
    // and clears the entry.
    const promise = Promise.resolve().then(create);
    this.entries.set(key, promise);
    const release = () => {
      if (this.entries.get(key) === promise) {
        this.entries.delete(key);
      }
    };
    promise.then(() => {
      if (!this.options.keepResolved) release();
    }, release);
    return promise;
  }

  /** Forgets a key, e.g. to reconnect after the agent changed. */
  invalidate(key: K): void {
    this.entries.delete(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
