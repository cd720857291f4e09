// Every biolatency layout: libbpf-tools' and BCC's log2 histograms, stock biolatency.bt's @usecs, and probectl's program.
import type { Layout } from '../../core/layout.js';
import { PROBECTL_LAYOUT } from '../../core/probectl-layout.js';

export const PROBECTL_BIOLATENCY_HEADER = 'PROBECTL biolatency v1';
export const BIOLATENCY_BANNER = 'Tracing block device I/O... Hit Ctrl-C to end.';

export const libbpfLayout: Layout = {
  name: 'libbpf',
  impl: 'libbpf',
  tool: 'biolatency',
  description:
    'libbpf-tools biolatency 0.26+: per interval (or at Ctrl-C) an empty line, HH:MM:SS with -T, then a log2 histogram "     usecs               : count    distribution" (msecs with -m), each after "disk = NAME" with -D or "flags = A-B" with -F',
};

export const bccLayout: Layout = {
  name: 'bcc',
  impl: 'bcc',
  tool: 'biolatency',
  description:
    'BCC biolatency: the same histograms as libbpf-tools\' ("count     distribution", five spaces), "disk = NAME" with -D (early versions: "Bucket disk = \'NAME\'"), "flags = A-B" with -F',
};

export const btLayout: Layout = {
  name: 'bt',
  impl: 'bpftrace',
  tool: 'biolatency.bt',
  description: 'stock biolatency.bt (bpftrace 0.17+): "@usecs:" and its hist() buckets at Ctrl-C, for all disks',
};

export const probectlLayout: Layout = {
  name: PROBECTL_LAYOUT,
  impl: 'bpftrace',
  tool: 'probectl-biolatency.bt',
  description: `probectl's scripts-bt/biolatency.bt (bpftrace 0.17+): "${PROBECTL_BIOLATENCY_HEADER}", then per interval "@usecs:" (all disks) or "@usecs_dev[MAJOR, MINOR]:" with hist() buckets, closed by TAB-separated INTERVAL milliseconds queued per-device`,
};

export const biolatencyLayouts: readonly Layout[] = [libbpfLayout, bccLayout, btLayout, probectlLayout];
