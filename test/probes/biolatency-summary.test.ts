// biolatency in the summary and the metrics: histograms merged per disk across intervals, msecs as microseconds, percentiles as bucket ends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventOf } from '../../src/events/index.js';
import { ProbeMetrics } from '../../src/metrics/probe-metrics.js';
import { biolatencySummary } from '../../src/probes/biolatency/summary.js';

const event = (over: Partial<EventOf<'block.latency'>>): EventOf<'block.latency'> => ({
  type: 'block.latency',
  ts: 1000,
  probe: 'biolatency',
  source: { impl: 'bpftrace', tool: 'probectl-biolatency.bt', layout: 'probectl-v1' },
  host: 'test',
  seq: 1,
  device: 'loop0',
  unit: 'usecs',
  buckets: [],
  count: 0,
  ...over,
});

const context = { top: 10, flowAt: () => undefined };

describe('biolatency summary', () => {
  it('merges a disk’s intervals and reads nearest-rank percentiles as the end of their bucket', () => {
    const tally = biolatencySummary.tally({ top: 10 });
    // 100 I/O: 50 in 4..7 µs, 40 in 8..15, 9 in 16..31, 1 in 1024..2047.
    tally.handlers['block.latency'](
      event({
        buckets: [
          { min: 4, max: 7, count: 50 },
          { min: 8, max: 15, count: 20 },
        ],
        count: 70,
        queued: false,
      }),
    );
    tally.handlers['block.latency'](
      event({
        buckets: [
          { min: 8, max: 15, count: 20 },
          { min: 16, max: 31, count: 9 },
          { min: 1024, max: 2047, count: 1 },
        ],
        count: 30,
        queued: false,
      }),
    );
    tally.handlers['block.latency'](event({ device: 'vda', buckets: [], count: 0 }));
    const report = tally.report(context);
    assert.deepEqual(
      report.map((d) => [d.device, d.histograms, d.count, d.p50_below_us, d.p90_below_us, d.p99_below_us, d.max_below_us, d.queued]),
      [
        ['loop0', 2, 100, 8, 16, 32, 2048, false],
        ['vda', 1, 0, null, null, null, null, undefined],
      ],
    );
    const [section] = biolatencySummary.sections(report);
    assert.equal(section!.total, 100);
    // The percentile table, then one picture: vda saw no I/O and gets none.
    assert.equal(section!.tables.length, 2);
    assert.deepEqual(
      section!.tables[1]!.rows.map((r) => [r.count, String(r.bar).length]),
      [
        [50, 40],
        [40, 32],
        [9, 7],
        [1, 1],
      ],
    );
  });

  it('reads a msecs histogram as microseconds: 2 -> 3 ms is 2000..3999 µs', () => {
    const tally = biolatencySummary.tally({ top: 10 });
    tally.handlers['block.latency'](
      event({
        unit: 'msecs',
        buckets: [
          { min: 0, max: 1, count: 3 },
          { min: 2, max: 3, count: 1 },
        ],
        count: 4,
      }),
    );
    const [row] = tally.report(context);
    assert.deepEqual(row!.buckets, [
      { min_us: 0, max_us: 1999, count: 3 },
      { min_us: 2000, max_us: 3999, count: 1 },
    ]);
    assert.deepEqual([row!.p50_below_us, row!.max_below_us], [2000, 4000]);
  });
});

describe('biolatency metrics', () => {
  it('adds every histogram’s count per disk and keeps the last one’s percentiles in seconds', async () => {
    const metrics = new ProbeMetrics();
    metrics.observe(
      event({
        buckets: [
          { min: 4, max: 7, count: 9 },
          { min: 64, max: 127, count: 1 },
        ],
        count: 10,
      }),
    );
    metrics.observe(event({ buckets: [{ min: 8, max: 15, count: 2 }], count: 2 }));
    metrics.observe(event({ buckets: [], count: 0 }));
    const text = await metrics.text();
    assert.match(text, /^probectl_block_io_total\{probe="biolatency",device="loop0"\} 12$/m);
    assert.match(text, /^probectl_block_io_latency_seconds\{probe="biolatency",device="loop0",quantile="0.99"\} 0.000016$/m);
  });
});
