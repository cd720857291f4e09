// Capture cases for syscount: libbpf-tools with each flag, stock syscount.bt and probectl's program, all counting one C program's calls; BCC failing here.
import { readFileSync } from 'node:fs';
import type { Implementation } from '../../../src/events/index.js';
import { readSyscallTable } from '../../../src/probes/syscount/syscall-table.js';
import { fillSyscountProgram } from '../../../src/probes/syscount/program.js';
import { spawnSyscallWorkload, SYSCALL_WORKLOAD_COMM, type SpawnedSyscallWorkload } from '../../../test/e2e/syscall-workload.js';
import type { CaptureCase } from '../capture-case.js';
import type { Workload } from '../workloads/index.js';
import { NO_HEADERS } from './common.js';
import { PROBECTL_NOTE, probectlProgram } from './probectl-program.js';

const GETPPID_CALLS = 1000;
const FAILING_CLOSES = 7;

/**
 * One process per case, started when the case's command line is made (the tools take its pid), told to make its calls
 * once the tool is ready. Each case gets its own.
 */
function syscallCase(
  name: string,
  impl: Implementation,
  tool: string,
  argvOf: (pid: number) => string[],
  extra: Partial<CaptureCase> & Pick<CaptureCase, 'ready'>,
): CaptureCase {
  let process: SpawnedSyscallWorkload | undefined;
  const workload: Workload = {
    describe:
      `A C program with comm "${SYSCALL_WORKLOAD_COMM}" made ${GETPPID_CALLS} getppid() calls, then ${FAILING_CLOSES} close(-1) calls, ` +
      'each failing with EBADF (through syscall(2)), after one read() of stdin; then one write() of what it got, and exit.',
    async run() {
      if (process === undefined) throw new Error(`${name}: the workload was not started with the command line`);
      try {
        const got = await process.go();
        return `It got ${got.getppid} parent pids and ${got.failedCloses} failures (errno ${got.errno}).`;
      } finally {
        process.remove();
      }
    },
  };
  return {
    probe: 'syscount',
    name,
    parser: 'syscount',
    impl,
    tool,
    argv: () => {
      process = spawnSyscallWorkload(GETPPID_CALLS, FAILING_CLOSES);
      return argvOf(process.pid);
    },
    workload,
    durationMs: 1500,
    ...extra,
  };
}

const TRACING = /^Tracing (?:failed )?syscalls/m;
/** As probectl runs it: every row, one table a second. */
const libbpfSyscount = (name: string, flags: string[]) =>
  syscallCase(name, 'libbpf', 'syscount', (pid) => ['/usr/sbin/syscount', '-p', String(pid), '-i', '1', '-T', '8192', ...flags], { ready: TRACING });

/** The program `probectl run syscount --backend bpftrace --pid PID` generates here, with the options given. */
function probectlSyscount(pid: number, options: { perProcess: boolean; latency: boolean }): string[] {
  const [bpftrace, e, program] = probectlProgram('syscount', { pid });
  const names = readSyscallTable()?.names ?? new Map<number, string>();
  return ['env', 'BPFTRACE_MAP_KEYS_MAX=65536', bpftrace!, e!, fillSyscountProgram(program!, { interval: 1, ...options }, names)];
}

/** Stock syscount.bt with a pid predicate on its one probe: the machine is shared. Its BEGIN and END are unchanged. */
function syscountBtFor(pid: number): string[] {
  const stock = readFileSync('/usr/sbin/syscount.bt', 'utf8');
  const filtered = stock.replace(/(tracepoint:raw_syscalls:sys_enter\s*\n)\{/, `$1/pid == ${pid}/\n{`);
  if (filtered === stock) throw new Error('/usr/sbin/syscount.bt has changed: no sys_enter probe block to filter');
  return ['bpftrace', '-e', filtered];
}

export const syscountCases: CaptureCase[] = [
  libbpfSyscount('libbpf-default', []),
  libbpfSyscount('libbpf-x', ['-x']),
  libbpfSyscount('libbpf-L', ['-L']),
  libbpfSyscount('libbpf-P', ['-P']),
  libbpfSyscount('libbpf-PLm', ['-P', '-L', '-m']),
  syscallCase('bpftrace', 'bpftrace', 'syscount.bt', syscountBtFor, {
    ready: /^Counting syscalls\.\.\./m,
    note:
      'The script is /usr/sbin/syscount.bt with one predicate added, /pid == PID/ on its sys_enter probe: the stock script has no filter, and this machine ' +
      "is shared. It counts at entry, so the calls of the workload's last write() and exit_group() are in; it prints its top 10 when stopped.",
  }),
  // As probectl's BCC backend runs it without --pid. With another kernel's headers linked it printed the libbpf-tools table byte for byte.
  {
    probe: 'syscount',
    name: 'bcc-noheaders',
    parser: 'syscount',
    impl: 'bcc',
    tool: 'syscount',
    argv: ['syscount-bpfcc', '-i', '1', '-T', '8192'],
    ready: TRACING,
    note: NO_HEADERS,
  },
  syscallCase('probectl', 'bpftrace', 'probectl-syscount.bt', (pid) => probectlSyscount(pid, { perProcess: false, latency: false }), {
    ready: /^PROBECTL syscount v1$/m,
    note: `${PROBECTL_NOTE} Call names from this machine's <asm/unistd_64.h>.`,
  }),
  syscallCase('probectl-per-process-latency', 'bpftrace', 'probectl-syscount.bt', (pid) => probectlSyscount(pid, { perProcess: true, latency: true }), {
    ready: /^PROBECTL syscount v1$/m,
    note: `${PROBECTL_NOTE} With --per-process --latency. Call names from this machine's <asm/unistd_64.h>.`,
  }),
];
