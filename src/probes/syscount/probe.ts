// syscount: system calls counted per interval, from probectl's syscount.bt, libbpf-tools' syscount or BCC's syscount.
import { bccBackend } from '../../plan/backends/bcc-backend.js';
import { bpftraceBackend } from '../../plan/backends/bpftrace-backend.js';
import { libbpfBackend } from '../../plan/backends/libbpf-backend.js';
import { needsAttach } from '../../plan/backends/attach-needs.js';
import { pidFlag } from '../../plan/backends/tool-flags.js';
import type { BackendDefinition, ProbeDefinition } from '../../plan/catalog.js';
import type { ProbeSettings } from '../../plan/plan.js';
import { hostTracefs, type Tracefs } from '../../plan/tracefs.js';
import { type SyscountOptions, syscountOptions, syscountOptionsSchema } from './options.js';
import { fillSyscountProgram } from './program.js';
import { readSyscallTable, type SyscallTable } from './syscall-table.js';

const TRACEPOINTS = ['raw_syscalls/sys_enter', 'raw_syscalls/sys_exit'];
const NO_ADDRESS = 'system calls are counted by call and process, not by address or port';
const flags = { pid: pidFlag, failed: () => ['-x'] };
/** Rows per table: every entry the stock tools' map holds (libbpf-tools' MAX_ENTRIES), so no call is left out of an interval. */
const ALL_ROWS = '8192';
/** Per-process keys (pid, call, comm) add up over a run: room for 65536 (bpftrace's default, 4096, would drop new keys silently). */
const MAP_KEYS = '65536';

/** planProbe has checked them with syscountOptions.schema; a direct call gets the defaults. */
const optionsOf = (settings: ProbeSettings): SyscountOptions => (settings.syscount as SyscountOptions | undefined) ?? syscountOptionsSchema.parse({});

/** The stock tools' flags for the probe's own options: an interval, all rows, -L and -P. */
function toolOptionFlags(options: SyscountOptions): string[] {
  return ['-i', String(options.interval), '-T', ALL_ROWS, ...(options.latency ? ['-L'] : []), ...(options.perProcess ? ['-P'] : [])];
}

/** A stock tool's backend with the options added to its command line, and the layout named under -x (its table does not say). */
function withToolOptions(base: BackendDefinition, impl: 'libbpf' | 'bcc'): BackendDefinition {
  return {
    ...base,
    plan(filters, facts, settings, context) {
      const plan = base.plan(filters, facts, settings, context);
      return { ...plan, argv: [...plan.argv, ...toolOptionFlags(optionsOf(settings))], ...(filters.failed === true && { layout: `${impl}-x` }) };
    },
  };
}

function bpftrace(tracefs: Tracefs, table: () => SyscallTable | undefined): BackendDefinition {
  const base = bpftraceBackend({
    name: 'syscount',
    parser: 'syscount',
    tracepoints: TRACEPOINTS,
    tracepointNeedsBtf: false,
    env: { BPFTRACE_MAP_KEYS_MAX: MAP_KEYS },
    output: 'summaries',
    tracefs,
  });
  return {
    backend: base.backend,
    tool: base.tool,
    get filters() {
      return base.filters;
    },
    unavailable: (facts) => base.unavailable(facts),
    plan(filters, facts, settings, context) {
      const plan = base.plan(filters, facts, settings, context);
      const script = fillSyscountProgram(plan.script!, optionsOf(settings), table()?.names ?? new Map());
      return { ...plan, argv: [...plan.argv.slice(0, -1), script], script };
    },
  };
}

export function syscountProbe(tracefs: Tracefs = hostTracefs(), table: () => SyscallTable | undefined = readSyscallTable): ProbeDefinition {
  return {
    name: 'syscount',
    description: 'system calls counted per call (or per process) every interval, with failures and, asked, time spent',
    filterNotes: { port: NO_ADDRESS, lport: NO_ADDRESS, rport: NO_ADDRESS, family: NO_ADDRESS },
    // bpftrace first: it counts calls and failures in one run (the stock tools count either all calls, or failed ones with -x),
    // per process and call at once, and filters by --comm.
    backends: [
      bpftrace(tracefs, table),
      withToolOptions(
        libbpfBackend({
          probe: 'syscount',
          tool: 'syscount',
          parser: 'syscount',
          flags,
          ready: /^Tracing syscalls, printing top \d+\.\.\./m,
          tracepoints: TRACEPOINTS,
          needsBtf: false,
          tracefs,
        }),
        'libbpf',
      ),
      withToolOptions(
        bccBackend({
          probe: 'syscount',
          tool: 'syscount',
          parser: 'syscount',
          flags,
          ready: /^Tracing (?:failed )?syscalls, printing top \d+\.\.\./m,
          attach: (facts) => needsAttach(facts, 'tracepoint', 'syscount-bpfcc attaches to the tracepoints raw_syscalls:sys_enter and sys_exit'),
        }),
        'bcc',
      ),
    ],
    options: syscountOptions,
  };
}

export const syscountProbeDefinition = syscountProbe();
