// Capture cases for opensnoop: libbpf-tools with each flag, its lost events, stock opensnoop.bt, BCC, and probectl's program.
import { readFileSync } from 'node:fs';
import type { Implementation } from '../../../src/events/index.js';
import type { CaptureCase } from '../capture-case.js';
import { kernelHeaders } from '../fixtures.js';
import { openFiles, openStorm } from '../workloads/index.js';
import { STALE_HEADERS } from './common.js';
import { PROBECTL_NOTE, probectlProgram } from './probectl-program.js';

const opensnoop = (name: string, impl: Implementation, tool: string, argv: CaptureCase['argv'], extra: Partial<CaptureCase> = {}): CaptureCase => ({
  probe: 'opensnoop',
  name,
  parser: 'opensnoop',
  impl,
  tool,
  argv,
  ready: /PATH\n/,
  workload: openFiles,
  ...extra,
});
const libbpfOpensnoop = (name: string, flags: string[]) => opensnoop(name, 'libbpf', 'opensnoop', ['/usr/sbin/opensnoop', ...flags, '-n', 'pctl-open']);

/** Stock opensnoop.bt with a comm predicate on its sys_enter probes; its output statements are untouched. */
function opensnoopBtForWorkload(): string[] {
  const stock = readFileSync('/usr/sbin/opensnoop.bt', 'utf8');
  const filtered = stock.replace(/(tracepoint:syscalls:sys_enter_openat\s*\n)\{/, '$1/comm == "pctl-open"/\n{');
  if (filtered === stock) throw new Error('/usr/sbin/opensnoop.bt has changed: no sys_enter_openat probe block to filter');
  return ['bpftrace', '-e', filtered];
}

export const opensnoopCases: CaptureCase[] = [
  libbpfOpensnoop('libbpf-default', []),
  libbpfOpensnoop('libbpf-T', ['-T']),
  libbpfOpensnoop('libbpf-U', ['-U']),
  libbpfOpensnoop('libbpf-e', ['-e']),
  libbpfOpensnoop('libbpf-x', ['-x']),
  libbpfOpensnoop('libbpf-TUe', ['-TUe']),
  opensnoop(
    'libbpf-lost',
    'libbpf',
    'opensnoop',
    ['sh', '-c', 'stdbuf -oL /usr/sbin/opensnoop -n pctl-storm | { IFS= read -r header; printf "%s\\n" "$header"; sleep 1.5; exec cat; }'],
    {
      workload: openStorm,
      durationMs: 7000,
      note:
        'libbpf opensnoop behind a reader that passes its header on, then waits 1.5 s before it reads on: the pipe fills, opensnoop blocks, ' +
        'its perf buffer overflows and it reports "Lost N events on CPU #M" on stderr. The rows are the ones that got through.',
    },
  ),
  opensnoop('bpftrace', 'bpftrace', 'opensnoop.bt', opensnoopBtForWorkload, {
    note:
      'The script is /usr/sbin/opensnoop.bt with one line added, the predicate /comm == "pctl-open"/ on its sys_enter probes: the stock script has no filter, ' +
      "and this machine is shared, so other processes' opens would fill the capture. Its BEGIN, printf and END statements are unchanged.",
  }),
  opensnoop('bcc', 'bcc', 'opensnoop', ['opensnoop-bpfcc', '-n', 'pctl-open'], {
    needs: [kernelHeaders],
    note: `${STALE_HEADERS}. BCC opensnoop tries fentry/kfunc first, and this kernel refuses fentry loads: the tool fails; its error output is the recording.`,
  }),
  opensnoop('probectl', 'bpftrace', 'probectl-opensnoop.bt', () => ['env', 'BPFTRACE_STRLEN=160', ...probectlProgram('opensnoop', { comm: 'pctl-open' })], {
    ready: /^PROBECTL opensnoop v1$/m,
    note: PROBECTL_NOTE,
  }),
];
