// Capture cases for probectl's own bpftrace programs (scripts-bt/), generated with the filters that keep each capture to its workload.
import type { CaptureCase } from './cases.js';
import { lossyNetwork } from './fixtures.js';
import { LOOPBACK, loopbackTcp, lossyTcp, openFiles } from './workloads/index.js';
import { LAB } from '../lab/index.js';
import { bpftraceProgram } from '../plan/bpftrace-program.js';
import { readScript, scriptName } from '../plan/bpftrace-scripts.js';
import type { Filters } from '../plan/filters.js';
import { hostTracefs } from '../plan/tracefs.js';
import { parseDropReasons } from '../probes/tcpdrop/drop-reasons.js';

/** The program `probectl run NAME --backend bpftrace` generates here (bpftrace 0.17: no newer features). */
function program(name: string, filters: Filters): string[] {
  const tracefs = hostTracefs();
  const text = bpftraceProgram(readScript(name, 'tracepoint'), {
    source: scriptName(name, 'tracepoint'),
    filters,
    features: [],
    hasProbe: (probe) => tracefs.has(probe.replace(/^tracepoint:/, '').replace(':', '/')),
    ...(name === 'tcpdrop' && { reasons: parseDropReasons(tracefs.format('skb/kfree_skb') ?? '') }),
  });
  return ['bpftrace', '-e', text];
}

const NOTE = "probectl's own program from scripts-bt/, as `probectl run --backend bpftrace` generates it here (the filter is in argv).";
const lossy = { needs: [lossyNetwork], workload: lossyTcp, durationMs: 1000 };

export const probectlCases: CaptureCase[] = [
  {
    probe: 'opensnoop',
    name: 'probectl',
    parser: 'opensnoop',
    impl: 'bpftrace',
    tool: 'probectl-opensnoop.bt',
    ready: /^PROBECTL opensnoop v1$/m,
    workload: openFiles,
    note: NOTE,
    argv: () => ['env', 'BPFTRACE_STRLEN=160', ...program('opensnoop', { comm: 'pctl-open' })],
  },
  {
    probe: 'tcplife',
    name: 'probectl',
    parser: 'tcplife',
    impl: 'bpftrace',
    tool: 'probectl-tcplife.bt',
    ready: /^PROBECTL tcplife v1$/m,
    workload: loopbackTcp,
    note: NOTE,
    argv: () => program('tcplife', { port: LOOPBACK.port }),
  },
  {
    probe: 'tcpretrans',
    name: 'probectl',
    parser: 'tcpretrans',
    impl: 'bpftrace',
    tool: 'probectl-tcpretrans.bt',
    ready: /^PROBECTL tcpretrans v1$/m,
    ...lossy,
    note: NOTE,
    argv: () => program('tcpretrans', { port: LAB.port }),
  },
  {
    probe: 'tcpdrop',
    name: 'probectl',
    parser: 'tcpdrop',
    impl: 'bpftrace',
    tool: 'probectl-tcpdrop.bt',
    ready: /^PROBECTL tcpdrop v1$/m,
    ...lossy,
    note: `${NOTE} Its reason names are the running kernel's, from /sys/kernel/tracing/events/skb/kfree_skb/format.`,
    argv: () => program('tcpdrop', { port: LAB.port }),
  },
];
