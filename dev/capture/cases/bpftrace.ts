// Capture cases for bpftrace's own output: one one-liner (printf, maps with tuple keys, hist, lhist, stats) in text and in JSON.
import type { CaptureCase } from '../capture-case.js';
import { openFiles } from '../workloads/index.js';

// A one-liner that exercises printf, a map with tuple keys, hist, lhist and stats on the openFiles workload.
const ONE_LINER = [
  'BEGIN { printf("pctl: tracing pctl-open\\n"); }',
  'tracepoint:syscalls:sys_exit_openat /comm == "pctl-open"/ { printf("openat by %s returned %d\\n", comm, args->ret); @opens[comm, args->ret >= 0] = count(); }',
  'tracepoint:syscalls:sys_exit_read /comm == "pctl-open"/ { @read_sizes[comm, args->ret] = count(); @read_hist = hist(args->ret); @read_lhist = lhist(args->ret, 0, 4096, 512); @read_stats = stats(args->ret); }',
].join('\n');
const bpftraceGeneric = (name: string, flags: string[]): CaptureCase => ({
  probe: 'bpftrace',
  name,
  parser: 'bpftrace',
  impl: 'bpftrace',
  tool: 'bpftrace',
  argv: ['bpftrace', ...flags, '-e', ONE_LINER],
  ready: /pctl: tracing/,
  workload: openFiles,
});

export const bpftraceCases: CaptureCase[] = [bpftraceGeneric('text', []), bpftraceGeneric('json', ['-f', 'json'])];
