// The human report of doctor: marks, remedies, colour and the summary line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chalk } from 'chalk';
import { formatReport, summary } from '../../src/cli/doctor-report.js';
import { hostFactsSchema, type HostFacts } from '../../src/host/facts.js';

const ok = { ok: true, detail: 'fine' };
const facts: HostFacts = hostFactsSchema.parse({
  kernel: '6.18.0-test',
  root: true,
  capabilities: ['CAP_BPF', 'CAP_PERFMON'],
  btf: ok,
  tracefs: ok,
  debugfs: ok,
  attach: {
    tracepoint: ok,
    kprobe: { ok: false, detail: 'no kprobe_events', remedy: 'use tracepoints' },
    fentry: ok,
    xdp: { ok: false, unknown: true, detail: 'not tested: clang is missing', remedy: 'install clang' },
  },
  bpftrace: { path: '/usr/bin/bpftrace', version: '0.17.0', features: ['json'], check: ok },
  bcc: { tools: {}, headers: 'missing', check: ok },
  libbpf: { tools: {}, check: ok },
  clang: ok,
});

test('prints one line per check with ✓ or ✗ and the remedy under each problem, without colour at level 0', () => {
  const text = formatReport(facts, new Chalk({ level: 0 }));
  assert.ok(!text.includes('\u001b['));
  const lines = text.trimEnd().split('\n');
  assert.equal(lines[0], 'probectl doctor: kernel 6.18.0-test');
  const kprobe = lines.findIndex((l) => l.startsWith('✗ kprobe'));
  assert.match(lines[kprobe]!, /no kprobe_events$/);
  assert.match(lines[kprobe + 1]!, /^\s+→ use tracepoints$/);
  assert.ok(lines.some((l) => l.startsWith('✓ tracepoint')));
  assert.equal(lines.at(-1), '1 problem found, 1 check not tested');
});

test('colours the marks when asked to', () => {
  assert.ok(formatReport(facts, new Chalk({ level: 1 })).includes('\u001b['));
});

test('summarises a clean host as no problems', () => {
  assert.equal(summary([ok, ok]), 'no problems found');
});
