// opensnoop: open(), openat() and openat2() calls, from probectl's opensnoop.bt, libbpf-tools' opensnoop or BCC's opensnoop.
import { bccBackend } from '../../plan/backends/bcc-backend.js';
import { bpftraceBackend } from '../../plan/backends/bpftrace-backend.js';
import { libbpfBackend } from '../../plan/backends/libbpf-backend.js';
import { needsAttach } from '../../plan/backends/attach-needs.js';
import { pidFlag } from '../../plan/backends/tool-flags.js';
import type { ProbeDefinition } from '../../plan/catalog.js';
import { hostTracefs, type Tracefs } from '../../plan/tracefs.js';

const NO_ADDRESS = 'opens have no addresses or ports';
/** -n keeps the processes whose name *contains* the value, a looser match than bpftrace's equality. */
const flags = { pid: pidFlag, comm: (comm: string) => ['-n', comm], failed: () => ['-x'] };

export function opensnoopProbe(tracefs: Tracefs = hostTracefs()): ProbeDefinition {
  return {
    name: 'opensnoop',
    description: 'open(), openat() and openat2() calls: process, path, flags, file descriptor or errno',
    filterNotes: { port: NO_ADDRESS, lport: NO_ADDRESS, rport: NO_ADDRESS, family: NO_ADDRESS },
    // bpftrace first: libbpf-tools 0.26's opensnoop does not trace openat2() at all.
    backends: [
      bpftraceBackend({
        name: 'opensnoop',
        parser: 'opensnoop',
        tracepoints: ['syscalls/sys_enter_openat', 'syscalls/sys_exit_openat'],
        tracepointNeedsBtf: false,
        btfProbes: ['tracepoint:syscalls:sys_enter_openat2'],
        // Paths up to 159 bytes: bpftrace 0.17 runs out of BPF stack near 190 (the default, 64, cuts many real paths).
        env: { BPFTRACE_STRLEN: '160' },
        output: 'events',
        tracefs,
      }),
      libbpfBackend({
        probe: 'opensnoop',
        tool: 'opensnoop',
        parser: 'opensnoop',
        flags,
        ready: /^PID +COMM +FD +ERR/m,
        tracepoints: ['syscalls/sys_enter_openat'],
        needsBtf: false,
        tracefs,
      }),
      bccBackend({
        probe: 'opensnoop',
        tool: 'opensnoop',
        parser: 'opensnoop',
        flags,
        ready: /^PID +COMM +FD +ERR/m,
        attach: (facts) =>
          facts.btf.ok
            ? needsAttach(facts, 'fentry', 'with kernel BTF, opensnoop-bpfcc attaches fentry (kfunc) programs, with no fallback')
            : needsAttach(facts, 'kprobe', 'without kernel BTF, opensnoop-bpfcc attaches kprobes to the open system calls'),
      }),
    ],
  };
}

export const opensnoopProbeDefinition = opensnoopProbe();
