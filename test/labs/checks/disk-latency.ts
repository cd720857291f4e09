// Lab "disk-latency": biolatency per disk while dd writes small and large blocks with O_DIRECT to a loop device; its histograms against /proc/diskstats.
import assert from 'node:assert/strict';
import type { EventOf } from '../../../src/events/index.js';
import type { LabRun } from '../lab-run.js';
import type { LabCheck } from './lab-check.js';

/** A /proc/diskstats line: fields 4 (reads completed), 8 (writes completed) and 10 (sectors written), counting from 1. */
function diskstats(line: string): { reads: number; writes: number; sectors: number } {
  const fields = line.trim().split(/\s+/);
  if (fields.length < 14) throw new Error(`not a /proc/diskstats line: ${line}`);
  return { reads: Number(fields[3]), writes: Number(fields[7]), sectors: Number(fields[9]) };
}

/** What dd printed: "500+0 records out". */
function recordsOut(text: string): number {
  const m = /^(\d+)\+0 records out$/m.exec(text);
  if (m === null) throw new Error(`dd printed no count: ${text}`);
  return Number(m[1]);
}

/** The end (µs, exclusive) of the bucket holding the nearest-rank median of the device's histograms, merged. */
function medianBucketEnd(histograms: readonly EventOf<'block.latency'>[]): number {
  const buckets = new Map<number, { max: number; count: number }>();
  for (const e of histograms)
    for (const b of e.buckets) {
      const scale = e.unit === 'msecs' ? 1000 : 1;
      const min = b.min! * scale;
      const known = buckets.get(min) ?? { max: (b.max! + 1) * scale - 1, count: 0 };
      known.count += b.count;
      buckets.set(min, known);
    }
  const total = [...buckets.values()].reduce((n, b) => n + b.count, 0);
  let seen = 0;
  for (const [, b] of [...buckets].sort((x, y) => x[0] - y[0])) if ((seen += b.count) >= Math.ceil(total / 2)) return b.max + 1;
  throw new Error('no I/O in the histograms');
}

async function measured(run: LabRun) {
  const device = run.text('device.txt').trim();
  const histograms = (await run.eventsOf('biolatency', 'block.latency')).filter((e) => e.device === device);
  const before = diskstats(run.text('diskstats-before.txt'));
  const after = diskstats(run.text('diskstats-after.txt'));
  return {
    device,
    histograms,
    counted: histograms.reduce((n, e) => n + e.count, 0),
    writes: after.writes - before.writes,
    reads: after.reads - before.reads,
    sectors: after.sectors - before.sectors,
    small: recordsOut(run.text('dd-small.txt')),
    large: recordsOut(run.text('dd-large.txt')),
  };
}

export const diskLatencyLab: LabCheck = {
  name: 'disk-latency',
  probes: ['biolatency'],
  files: ['device.txt', 'diskstats-before.txt', 'diskstats-after.txt', 'dd-small.txt', 'dd-large.txt'],
  usesLab: false,

  async facts(run: LabRun) {
    const m = await measured(run);
    return {
      device: m.device,
      counted: m.counted,
      writes: m.writes,
      small: m.small,
      large: m.large,
      large_requests: m.writes - m.small,
      kib_per_large_request: (16 * 1024) / (m.writes - m.small),
      sectors: m.sectors,
      p50_below_us: medianBucketEnd(m.histograms),
    };
  },

  async claims(run: LabRun) {
    const m = await measured(run);
    assert.ok(m.histograms.length > 0, `biolatency printed no histogram of ${m.device}`);
    assert.equal(m.reads, 0, `nothing read ${m.device} while the run counted`);
    assert.equal(m.counted, m.writes, `the histograms of ${m.device} hold every write /proc/diskstats counts completed`);
    assert.ok(m.writes >= m.small + m.large, 'each dd write is at least one request');
    assert.equal(m.sectors, (m.small * 4 + m.large * 1024) * 2, 'the sectors written are the bytes dd wrote');
    return `${m.device}: ${m.counted} I/O in ${m.histograms.length} histograms = ${m.writes} writes completed (${m.small} of 4 KiB, ${m.large} of 1 MiB)`;
  },
};
