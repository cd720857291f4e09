// A keyed tally of bounded size: when it fills up, its lighter half is folded into `other` and forgotten.

/**
 * Counts per key in at most `capacity` keys. When a new key finds the map full, the half of the keys
 * with the smallest weight is handed to `fold` (the caller adds it to its "other" totals) and dropped.
 * A heavy key survives every fold, so the top of the tally is right; a key dropped and seen again
 * starts over, which makes every kept count a lower bound once a fold has happened (`folded` > 0).
 * Sorting C entries once per C/2 new keys keeps the cost at O(log C) per key.
 */
export class CappedMap<V> {
  private readonly map = new Map<string, V>();
  /** How many keys were folded away so far. */
  folded = 0;

  constructor(
    readonly capacity: number,
    private readonly weight: (value: V) => number,
    private readonly fold: (value: V, key: string) => void = () => {},
  ) {
    if (!(capacity >= 2)) throw new RangeError(`a CappedMap needs a capacity of 2 or more, not ${capacity}`);
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  /** Adds a new key, folding the lighter half first when the map is full. */
  add(key: string, value: V): V {
    if (this.map.size >= this.capacity) this.foldLighterHalf();
    this.map.set(key, value);
    return value;
  }

  entries(): IterableIterator<[string, V]> {
    return this.map.entries();
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }

  /** The heaviest `limit` values first, and the others (for the caller to fold into its "other"). */
  top(limit: number): { top: Array<[string, V]>; rest: Array<[string, V]> } {
    const sorted = [...this.map].sort((a, b) => this.weight(b[1]) - this.weight(a[1]));
    return { top: sorted.slice(0, limit), rest: sorted.slice(limit) };
  }

  private foldLighterHalf(): void {
    const sorted = [...this.map].sort((a, b) => this.weight(a[1]) - this.weight(b[1]));
    for (const [key, value] of sorted.slice(0, Math.ceil(sorted.length / 2))) {
      this.map.delete(key);
      this.fold(value, key);
      this.folded++;
    }
  }
}

/** A count per key, the least folded into `other`: top flows, failing paths. */
export class TopCounter {
  private readonly counts: CappedMap<{ n: number }>;
  /** What the folded keys had counted. */
  private foldedCount = 0;

  constructor(capacity: number) {
    this.counts = new CappedMap(
      capacity,
      (v) => v.n,
      (v) => (this.foldedCount += v.n),
    );
  }

  add(key: string, n = 1): void {
    const counted = this.counts.get(key);
    if (counted === undefined) this.counts.add(key, { n });
    else counted.n += n;
  }

  get size(): number {
    return this.counts.size;
  }

  /** True once a key has been folded away: the counts listed are then lower bounds. */
  get approximate(): boolean {
    return this.counts.folded > 0;
  }

  /** The `limit` biggest counts, biggest first (ties by key, for a stable report), and what the rest add up to. */
  top(limit: number): { top: Array<{ key: string; count: number }>; other: number } {
    const sorted = [...this.counts.entries()]
      .map(([key, v]) => ({ key, count: v.n }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let other = this.foldedCount;
    for (const rest of sorted.slice(limit)) other += rest.count;
    return { top: sorted.slice(0, limit), other };
  }
}
