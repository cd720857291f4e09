// Live, end to end through run(): biolatency on every trusted backend counts each direct write to a loop device once, as /proc/diskstats does.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ProbeEvent } from '../../src/events/index.js';
import { liveOrSkip } from '../live.js';
import { backendsToTest, hostFacts } from './backends.js';
import { createLoopDevice, diskCounters, writeDirect } from './loop-device.js';
import { eventsOf, startProbes, whileRunning } from './running.js';

const WRITES = 64;

it("biolatency --per-device: the loop device's histograms hold exactly the writes /proc/diskstats counts completed, on every trusted backend", {
  timeout: 120_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  const facts = await hostFacts();
  const backends = await backendsToTest('biolatency');
  const loop = createLoopDevice();
  let events: ProbeEvent[][];
  let before: ReturnType<typeof diskCounters>;
  let after: ReturnType<typeof diskCounters>;
  try {
    const starts = backends.map(
      (b) => () =>
        startProbes(['biolatency'], { backend: b.backend, facts, settings: { biolatency: { perDevice: true, interval: 1 } }, readyTimeoutMs: 30_000 }),
    );
    ({ events } = await whileRunning(starts, async () => {
      before = diskCounters(loop.name);
      writeDirect(loop.path, WRITES);
      after = diskCounters(loop.name);
    }));
  } finally {
    loop.remove();
  }
  const writes = after!.writesCompleted - before!.writesCompleted;
  const reads = after!.readsCompleted - before!.readsCompleted;
  const flushes = after!.flushesCompleted - before!.flushesCompleted;
  t.diagnostic(`${loop.name}: /proc/diskstats deltas: ${writes} writes, ${reads} reads, ${flushes} flushes completed`);
  // The ground truth is the kernel's own count, and the workload's: dd's writes, nothing else on a fresh device.
  assert.equal(writes, WRITES, 'every direct write is one completed write');
  assert.equal(reads + flushes, 0, 'nothing but the writes reached the device while the test counted');
  for (const [i, { backend }] of backends.entries()) {
    await t.test(`${backend}: the histograms of ${loop.name} count ${WRITES} I/O`, () => {
      const ours = eventsOf(events[i]!, 'block.latency').filter((e) => e.device === loop.name);
      const counted = ours.reduce((n, e) => n + e.count, 0);
      t.diagnostic(`biolatency ${backend}: ${ours.length} histograms of ${loop.name}, ${counted} I/O: ${JSON.stringify(ours.map((e) => e.buckets))}`);
      assert.equal(counted, writes, `${backend}: the histograms' total equals the completed writes`);
      for (const e of ours)
        assert.equal(
          e.count,
          e.buckets.reduce((n, b) => n + b.count, 0),
          'count is the sum of the buckets',
        );
    });
  }
});
