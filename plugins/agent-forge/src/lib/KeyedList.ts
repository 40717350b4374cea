/** Distinct refused keys remembered: memory stays bounded too (the count stops there). */
const MAX_REFUSED_KEYS = 10_000;

/**
 * A list that is appended to and updated by key in O(1), with a bound on its
 * length, and read as an immutable array at most once per change.
 */
export class KeyedList<T> {
  private readonly items: T[] = [];
  private readonly index = new Map<string, number>();
  private copy: readonly T[] = [];
  private changed = false;
  /** Keys refused because the list was full. */
  private readonly refused = new Set<string>();

  constructor(private readonly max: number) {}

  /** How many distinct items were refused because the list was full. */
  get dropped(): number {
    return this.refused.size;
  }

  get(key: string): T | undefined {
    const at = this.index.get(key);
    return at === undefined ? undefined : this.items[at];
  }

  /** Adds or replaces the item with `key`; false when it is new and the list is full. */
  set(key: string, item: T): boolean {
    const at = this.index.get(key);
    if (at !== undefined) {
      this.items[at] = item;
    } else if (this.items.length >= this.max) {
      if (this.refused.size < MAX_REFUSED_KEYS) this.refused.add(key);
      return false;
    } else {
      this.index.set(key, this.items.length);
      this.items.push(item);
    }
    this.changed = true;
    return true;
  }

  /** The items as an array that stays the same object until the next change. */
  snapshot(): readonly T[] {
    if (this.changed) {
      this.copy = this.items.slice();
      this.changed = false;
    }
    return this.copy;
  }
}
