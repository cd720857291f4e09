// Events per type per time bucket in bounded memory: 1 s buckets, widened (2 s, 4 s, ...) when the stream outgrows the limit.
import type { Series } from './report.js';

/**
 * Buckets start at multiples of their width since the epoch, so that doubling the width merges
 * neighbours pairwise. An event older than the first bucket (streams merged out of order) grows the
 * series backwards; any growth past `maxBuckets` doubles the width until it fits.
 */
export class SeriesBuilder {
  private widthMs = 1000;
  private startMs: number | undefined;
  private length = 0;
  private readonly byType = new Map<string, number[]>();

  constructor(private readonly maxBuckets = 600) {
    if (!(maxBuckets >= 2)) throw new RangeError(`a series needs room for 2 buckets or more, not ${maxBuckets}`);
  }

  add(type: string, ts: number): void {
    this.cover(ts);
    const counts = this.row(type);
    counts[Math.floor((ts - this.startMs!) / this.widthMs)]!++;
  }

  /** Extends the series to `ts` without counting anything: a quiet end shows as empty buckets. */
  cover(ts: number): void {
    if (this.startMs === undefined) {
      this.startMs = this.align(ts);
      this.resize(1, 0);
      return;
    }
    while (ts < this.startMs || ts >= this.startMs + this.length * this.widthMs) {
      const start = Math.min(this.startMs, this.align(ts));
      const end = Math.max(this.startMs + this.length * this.widthMs, this.align(ts) + this.widthMs);
      const needed = (end - start) / this.widthMs;
      if (needed <= this.maxBuckets) {
        this.resize(needed, (this.startMs - start) / this.widthMs);
        this.startMs = start;
        return;
      }
      this.double();
    }
  }

  get buckets(): number {
    return this.length;
  }

  snapshot(): Series {
    const by_type: Record<string, number[]> = {};
    for (const [type, counts] of this.byType) by_type[type] = [...counts];
    return { start_ts: this.startMs ?? 0, bucket_s: this.widthMs / 1000, by_type };
  }

  private align(ts: number): number {
    return Math.floor(ts / this.widthMs) * this.widthMs;
  }

  private row(type: string): number[] {
    let counts = this.byType.get(type);
    if (counts === undefined) {
      counts = new Array<number>(this.length).fill(0);
      this.byType.set(type, counts);
    }
    return counts;
  }

  /** Every row to `length` buckets, `before` empty ones in front. */
  private resize(length: number, before: number): void {
    for (const [type, counts] of this.byType) {
      const after = length - before - counts.length;
      this.byType.set(type, [...new Array<number>(before).fill(0), ...counts, ...new Array<number>(after).fill(0)]);
    }
    this.length = length;
  }

  private double(): void {
    const width = this.widthMs * 2;
    const start = Math.floor(this.startMs! / width) * width;
    const shift = (this.startMs! - start) / this.widthMs; // 0 or 1 bucket in front
    const length = Math.ceil((this.length + shift) / 2);
    for (const [type, counts] of this.byType) {
      const merged = new Array<number>(length).fill(0);
      counts.forEach((n, i) => (merged[(i + shift) >> 1]! += n));
      this.byType.set(type, merged);
    }
    this.widthMs = width;
    this.startMs = start;
    this.length = length;
  }
}
