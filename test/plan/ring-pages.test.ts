import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planProbe } from '../../src/plan/catalog.js';
import { LOSS_FLUSH_PROBE } from '../../src/plan/ring-loss-flush.js';
import { hostTracefs } from '../../src/plan/tracefs.js';
import { BPFTRACE_RING_PAGES, MAX_RING_PAGES, RING_BUDGET_BYTES, ringPages } from '../../src/plan/ring-pages.js';
import { biolatencyProbe } from '../../src/probes/biolatency/probe.js';
import { opensnoopProbe } from '../../src/probes/opensnoop/probe.js';
import { labFacts } from './host-facts.js';

const KiB = 1024;

describe("bpftrace's ring buffers: sized to the host, their losses brought out", () => {
  it('gives a small machine the most per CPU, and a larger one what the budget allows', () => {
    assert.equal(ringPages(2, 4 * KiB), MAX_RING_PAGES);
    assert.equal(ringPages(4, 4 * KiB), 1024);
    assert.equal(ringPages(8, 4 * KiB), 512);
    assert.equal(ringPages(16, 4 * KiB), 256);
    assert.equal(ringPages(2, 64 * KiB), 128);
  });

  it("never gives less than bpftrace's own size, even where that is over the budget", () => {
    assert.equal(ringPages(64, 4 * KiB), 64);
    assert.equal(ringPages(1024, 4 * KiB), BPFTRACE_RING_PAGES);
    assert.equal(ringPages(1, 1024 * KiB), BPFTRACE_RING_PAGES);
  });

  it('keeps to a power of two (bpftrace refuses any other) and to the budget above its own size', () => {
    for (const cpus of [1, 2, 3, 5, 6, 7, 12, 24, 48, 96, 160])
      for (const page of [4 * KiB, 16 * KiB, 64 * KiB]) {
        const pages = ringPages(cpus, page);
        assert.equal(pages & (pages - 1), 0, `${cpus} CPUs, ${page} B pages: ${pages}`);
        assert.ok(pages === BPFTRACE_RING_PAGES || pages * page * cpus <= RING_BUDGET_BYTES, `${cpus} CPUs, ${page} B pages: ${pages}`);
        assert.ok(pages * 2 > MAX_RING_PAGES || pages * 2 * page * cpus > RING_BUDGET_BYTES, `${cpus} CPUs: the most that fits`);
      }
  });

  it("sets BPFTRACE_PERF_RB_PAGES for a program that prints each event, not for one that prints its maps' summaries", () => {
    const facts = { ...labFacts(), cpus: 8, pageBytes: 4 * KiB };
    const tracefs = hostTracefs();
    assert.equal(planProbe(opensnoopProbe(tracefs), 'bpftrace', {}, facts).env.BPFTRACE_PERF_RB_PAGES, '512');
    assert.equal(planProbe(biolatencyProbe(tracefs), 'bpftrace', {}, facts).env.BPFTRACE_PERF_RB_PAGES, undefined);
  });

  it("adds a once-a-second probe on every CPU to a program that prints each event (so that a burst's loss is reported), not to one that prints summaries", () => {
    const tracefs = hostTracefs();
    const events = planProbe(opensnoopProbe(tracefs), 'bpftrace', {}, labFacts()).script!;
    const summaries = planProbe(biolatencyProbe(tracefs), 'bpftrace', {}, labFacts()).script!;
    assert.ok(events.endsWith(LOSS_FLUSH_PROBE), events.slice(-300));
    assert.match(LOSS_FLUSH_PROBE, /^profile:hz:1\n\{\n\tprintf\(""\);\n\}\n$/m);
    assert.ok(!summaries.includes('profile:hz:1'));
  });

  it("leaves bpftrace's own size where the host's CPUs or page size are not known", () => {
    const { cpus: _c, pageBytes: _p, ...facts } = { ...labFacts(), cpus: 8, pageBytes: 4 * KiB };
    assert.equal(planProbe(opensnoopProbe(hostTracefs()), 'bpftrace', {}, facts).env.BPFTRACE_PERF_RB_PAGES, undefined);
  });
});
