// A bounded count per key: at most `limit` keys are kept exactly; what the others add up to is folded into `other`.

export interface Tallied<K> {
  key: K;
  /** What the key's events added up to (1 each for a count). */
  amount: number;
  events: number;
}

export class Tally<K> {
  private readonly entries = new Map<string, Tallied<K>>();
  /** Amount and events of keys that arrived once the limit was reached. */
  readonly other = { amount: 0, events: 0 };

  constructor(private readonly limit = 10_000) {}

  /** Adds to the key named id; `key` makes the key's value the first time it is seen. */
  add(id: string, key: () => K, amount: number): void {
    const entry = this.entries.get(id);
    if (entry !== undefined) {
      entry.amount += amount;
      entry.events++;
    } else if (this.entries.size < this.limit) this.entries.set(id, { key: key(), amount, events: 1 });
    else {
      this.other.amount += amount;
      this.other.events++;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  values(): IterableIterator<Tallied<K>> {
    return this.entries.values();
  }

  /** The n largest by amount. */
  top(n: number): Tallied<K>[] {
    return [...this.entries.values()].sort((a, b) => b.amount - a.amount).slice(0, n);
  }
}
