// Planning biolatency: the program's positional parameters, libbpf-tools' and BCC's flags, whole seconds for them; nothing runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planProbe } from '../../src/plan/catalog.js';
import { fixedTracefs } from '../../src/plan/tracefs.js';
import { biolatencyOptionsSchema } from '../../src/probes/biolatency/options.js';
import { biolatencyProbe } from '../../src/probes/biolatency/probe.js';
import { checkProbeOptions } from '../../src/run/probe-options.js';
import { labFacts } from '../plan/host-facts.js';

const tracefs = fixedTracefs({ 'block/block_rq_insert': '', 'block/block_rq_issue': '', 'block/block_rq_complete': '' });
const settings = (raw: Record<string, unknown>) => ({ biolatency: biolatencyOptionsSchema.parse(raw) });

describe('biolatency plans', () => {
  it('gives probectl’s program the interval in ms, queued and per-device as positional parameters', () => {
    const plan = planProbe(biolatencyProbe(tracefs), 'auto', {}, labFacts(), settings({ interval: '0.25', queued: true, perDevice: true }));
    assert.equal(plan.backend, 'bpftrace');
    assert.deepEqual(plan.argv.slice(-3), ['250', '1', '1']);
    assert.equal(plan.argv[1], '-e');
    assert.match(plan.argv[2]!, /tracepoint:block:block_rq_complete/);
    assert.deepEqual(planProbe(biolatencyProbe(tracefs), 'bpftrace', {}, labFacts(), settings({})).argv.slice(-3), ['1000', '0', '0']);
  });

  it('gives libbpf-tools -D, -Q and the interval in whole seconds, and refuses a fraction of one', () => {
    const plan = planProbe(biolatencyProbe(tracefs), 'libbpf', {}, labFacts(), settings({ interval: 2, queued: true, perDevice: true }));
    assert.deepEqual(plan.argv, ['stdbuf', '-oL', '/usr/sbin/biolatency', '-D', '-Q', '2']);
    assert.throws(() => planProbe(biolatencyProbe(tracefs), 'libbpf', {}, labFacts(), settings({ interval: 0.5 })), /whole second/);
  });

  it('falls back to libbpf-tools where bpftrace cannot run, and has no backend without the block tracepoints', () => {
    const facts = labFacts();
    facts.bpftrace.check = { ok: false, detail: 'not installed' };
    assert.equal(planProbe(biolatencyProbe(tracefs), 'auto', {}, facts, settings({})).backend, 'libbpf');
    assert.throws(() => planProbe(biolatencyProbe(fixedTracefs({})), 'auto', {}, labFacts(), settings({})), /no tracepoint block\/block_rq_insert/);
  });

  it('takes --interval, --per-device and --queued from the command line, and refuses the core filters', () => {
    assert.deepEqual(checkProbeOptions(['biolatency'], { interval: '3', perDevice: true }), { biolatency: { interval: 3, perDevice: true, queued: false } });
    assert.throws(() => checkProbeOptions(['biolatency'], { interval: '0' }), /--interval must be at least 0.1 s/);
    assert.throws(
      () => planProbe(biolatencyProbe(tracefs), 'auto', { pid: 1 }, labFacts(), settings({})),
      (error: Error & { suggestion?: string }) =>
        /cannot filter by --pid/.test(error.message) && /interrupt context/.test(`${error.message} ${error.suggestion}`),
    );
  });
});
