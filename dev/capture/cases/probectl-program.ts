// The bpftrace program probectl's own probes run (scripts-bt/), generated here with the filters that keep each capture to its workload.
import { bpftraceProgram } from '../../../src/plan/bpftrace-program.js';
import { readScript, scriptName } from '../../../src/plan/bpftrace-scripts.js';
import type { Filters } from '../../../src/plan/filters.js';
import { hostTracefs } from '../../../src/plan/tracefs.js';
import { parseDropReasons } from '../../../src/probes/tcpdrop/drop-reasons.js';

/** The program `probectl run NAME --backend bpftrace` generates here (bpftrace 0.17: no newer features), as a command line. */
export function probectlProgram(name: string, filters: Filters): string[] {
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

export const PROBECTL_NOTE = "probectl's own program from scripts-bt/, as `probectl run --backend bpftrace` generates it here (the filter is in argv).";
