// Percentiles of a stream of durations in bounded memory: exact up to a capacity, then a log-scale histogram.

/** Bucket i holds values in (GAMMA^(i-1), GAMMA^i]: a value read back from its bucket is within 1 % of the truth. */
const GAMMA = 1.02;
const LOG_GAMMA = Math.log(GAMMA);
/** Values below this (ms) share one bucket, read back as 0: a nanosecond is below every tool's resolution. */
const SMALLEST = 1e-6;

/**
 * Keeps every value while there are at most `capacity` of them, so that percentiles are exact; past
 * that, it moves them into a histogram of logarithmic buckets (the DDSketch idea) whose percentiles
 * are within 1 % of the exact ones, whatever the stream's length. A histogram rather than a reservoir
 * sample: its error is bounded and the same on every run. The maximum is always exact.
 */
export class DurationSketch {
  private values: Float64Array | undefined;
  private buckets: Map<number, number> | undefined;
  private n = 0;
  private maximum = -Infinity;

  constructor(private readonly capacity = 65_536) {
    this.values = new Float64Array(Math.min(capacity, 1024));
  }

  get count(): number {
    return this.n;
  }

  /** False once the values no longer fit and the percentiles are read from the histogram. */
  get exact(): boolean {
    return this.buckets === undefined;
  }

  add(value: number): void {
    this.n++;
    if (value > this.maximum) this.maximum = value;
    if (this.values !== undefined) {
      if (this.n <= this.capacity) {
        if (this.n > this.values.length) this.grow();
        this.values[this.n - 1] = value;
        return;
      }
      this.toHistogram();
    }
    this.bucket(value);
  }

  /** The nearest-rank percentile (p in 0..1): the smallest value with at least p of the values at or below it. */
  percentile(p: number): number | undefined {
    if (this.n === 0) return undefined;
    const rank = Math.max(1, Math.ceil(p * this.n));
    if (this.values !== undefined) return this.values.subarray(0, this.n).sort()[rank - 1];
    let seen = 0;
    for (const [index, count] of [...this.buckets!].sort((a, b) => a[0] - b[0])) {
      seen += count;
      if (seen >= rank) return Math.min(this.maximum, index === -Infinity ? 0 : (2 * GAMMA ** index) / (GAMMA + 1));
    }
    return this.maximum;
  }

  get max(): number | undefined {
    return this.n === 0 ? undefined : this.maximum;
  }

  private grow(): void {
    const bigger = new Float64Array(Math.min(this.capacity, this.values!.length * 2));
    bigger.set(this.values!);
    this.values = bigger;
  }

  private toHistogram(): void {
    const kept = this.values!.subarray(0, this.n - 1);
    this.values = undefined;
    this.buckets = new Map();
    for (const value of kept) this.bucket(value);
  }

  private bucket(value: number): void {
    const index = value < SMALLEST ? -Infinity : Math.ceil(Math.log(value) / LOG_GAMMA);
    this.buckets!.set(index, (this.buckets!.get(index) ?? 0) + 1);
  }
}
