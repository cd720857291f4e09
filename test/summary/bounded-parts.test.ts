import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TopCounter } from '../../src/tally/capped-map.js';
import { DurationSketch } from '../../src/tally/duration-sketch.js';
import { SeriesBuilder } from '../../src/summary/series.js';

const nearestRank = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(p * values.length)) - 1]!;

describe('TopCounter', () => {
  it('is exact while the keys fit, and its top plus other always adds up to everything counted', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 400 }), fc.integer({ min: 2, max: 16 }), (keys, capacity) => {
        const counter = new TopCounter(capacity);
        for (const k of keys) counter.add(String(k));
        const { top, other } = counter.top(3);
        assert.equal(top.reduce((sum, t) => sum + t.count, 0) + other, keys.length);
        assert.ok(counter.size <= capacity);
        if (new Set(keys).size <= capacity) {
          assert.equal(counter.approximate, false);
          for (const t of top) assert.equal(t.count, keys.filter((k) => String(k) === t.key).length);
        }
      }),
    );
  });

  it('keeps a heavy key exact among a stream of distinct ones many times its capacity', () => {
    const counter = new TopCounter(64);
    for (let i = 0; i < 100_000; i++) counter.add(i % 10 === 0 ? 'heavy' : `k${i}`);
    assert.deepEqual(counter.top(1).top, [{ key: 'heavy', count: 10_000 }]);
    assert.equal(counter.approximate, true);
    assert.ok(counter.size <= 64);
  });
});

describe('DurationSketch', () => {
  it('gives the exact nearest-rank percentiles while the values fit', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 300 }), (values) => {
        const sketch = new DurationSketch(300);
        for (const v of values) sketch.add(v);
        for (const p of [0.5, 0.9, 0.99]) assert.equal(sketch.percentile(p), nearestRank(values, p));
        assert.equal(sketch.max, Math.max(...values));
        assert.equal(sketch.exact, true);
      }),
    );
  });

  it('stays within 1 % of the exact percentiles past its capacity', () => {
    const values = Array.from({ length: 50_000 }, (_, i) => ((i * 7919) % 100_003) / 7 + 0.01);
    const sketch = new DurationSketch(1000);
    for (const v of values) sketch.add(v);
    assert.equal(sketch.exact, false);
    for (const p of [0.5, 0.9, 0.99]) {
      const exact = nearestRank(values, p);
      assert.ok(Math.abs(sketch.percentile(p)! - exact) <= exact * 0.01, `p${p * 100}: ${sketch.percentile(p)} vs ${exact}`);
    }
    assert.equal(sketch.max, Math.max(...values));
  });
});

describe('SeriesBuilder', () => {
  it('counts every event once, in 1 s buckets while they fit', () => {
    const series = new SeriesBuilder(600);
    const ts = [1000, 1500, 1999, 2000, 4999, 1200];
    for (const t of ts) series.add('a', t);
    const snap = series.snapshot();
    assert.deepEqual(snap, { start_ts: 1000, bucket_s: 1, by_type: { a: [4, 1, 0, 1] } });
  });

  it('doubles the bucket width to stay within its limit, losing no event, forwards and backwards', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 2, max: 20 }), (ts, limit) => {
        const series = new SeriesBuilder(limit);
        for (const t of ts) series.add(t % 2 === 0 ? 'even' : 'odd', t);
        const snap = series.snapshot();
        const width = snap.bucket_s * 1000;
        for (const [type, counts] of Object.entries(snap.by_type)) {
          assert.ok(counts.length <= limit);
          const mine = ts.filter((t) => (t % 2 === 0 ? 'even' : 'odd') === type);
          assert.equal(
            counts.reduce((a, b) => a + b, 0),
            mine.length,
          );
          for (const t of mine) assert.ok(counts[Math.floor((t - snap.start_ts) / width)]! > 0, `${t} is not in its bucket`);
        }
      }),
    );
  });
});
