// One device's merged latency histogram in microseconds: buckets added across intervals, percentiles read from them.
import type { EventBody } from '../../events/index.js';

type Latency = EventBody<'block.latency'>;

/** A bucket in microseconds, inclusive bounds; null for an open end. */
export interface MicrosBucket {
  min_us: number | null;
  max_us: number | null;
  count: number;
}

/** Bounds the distinct buckets one histogram keeps: two tools' log2 ladders together stay far below it. */
const MAX_BUCKETS = 256;

/** A bucket of `unit` as microseconds: msecs 2..3 covers 2000..3999 µs. */
function inMicros(bound: number | null, unit: Latency['unit'], upper: boolean): number | null {
  if (bound === null || unit === 'usecs') return bound;
  return upper ? (bound + 1) * 1000 - 1 : bound * 1000;
}

export class LatencyHistogram {
  private readonly buckets = new Map<string, MicrosBucket>();
  count = 0;
  /** I/O in buckets that found the histogram full: counted, but in no bucket. */
  unplaced = 0;

  add(event: Latency): void {
    for (const b of event.buckets) {
      if (b.count === 0) continue;
      const min = inMicros(b.min, event.unit, false);
      const max = inMicros(b.max, event.unit, true);
      const key = `${min}:${max}`;
      const known = this.buckets.get(key);
      if (known !== undefined) known.count += b.count;
      else if (this.buckets.size < MAX_BUCKETS) this.buckets.set(key, { min_us: min, max_us: max, count: b.count });
      else this.unplaced += b.count;
      this.count += b.count;
    }
  }

  /** Lowest first. */
  sorted(): MicrosBucket[] {
    return [...this.buckets.values()].sort((a, b) => (a.min_us ?? -Infinity) - (b.min_us ?? -Infinity) || (a.max_us ?? Infinity) - (b.max_us ?? Infinity));
  }

  /**
   * The end (µs, exclusive) of the bucket holding the nearest-rank p-th percentile: the latency is below it.
   * Null with no I/O, or when that bucket is open above.
   */
  percentile(p: number, sorted = this.sorted()): number | null {
    const placed = this.count - this.unplaced;
    if (placed === 0) return null;
    const rank = Math.max(1, Math.ceil(p * placed));
    let seen = 0;
    for (const b of sorted) {
      seen += b.count;
      if (seen >= rank) return b.max_us === null ? null : b.max_us + 1;
    }
    return null;
  }
}
