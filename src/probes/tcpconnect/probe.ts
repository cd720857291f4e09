// tcpconnect: active TCP opens with their handshake time and result, from probectl's tcpconnect.bt, or libbpf-tools' or BCC's tcpconnlat.
import type { HostFacts } from '../../host/facts.js';
import { bccBackend } from '../../plan/backends/bcc-backend.js';
import { bpftraceBackend } from '../../plan/backends/bpftrace-backend.js';
import { libbpfBackend } from '../../plan/backends/libbpf-backend.js';
import { needsAttach } from '../../plan/backends/attach-needs.js';
import { pidFlag } from '../../plan/backends/tool-flags.js';
import type { BackendDefinition, ProbeDefinition } from '../../plan/catalog.js';
import type { Unavailable } from '../../plan/plan.js';
import { hostTracefs, type Tracefs } from '../../plan/tracefs.js';

const TRACEPOINT = 'sock/inet_sock_set_state';
const READY = /^PID +COMM +IP +SADDR/m;
const KERNEL_FUNCTIONS = 'tcp_v4_connect, tcp_v6_connect and tcp_rcv_state_process';

/** libbpf-tools tcpconnlat loads fentry programs where they attach, else kprobes, on the kernel's connect functions. */
function fentryOrKprobe(facts: HostFacts): Unavailable | undefined {
  const fentry = needsAttach(facts, 'fentry', `it traces ${KERNEL_FUNCTIONS} with fentry programs`);
  if (fentry === undefined) return undefined;
  const kprobe = needsAttach(facts, 'kprobe', 'or with kprobes where fentry does not load');
  return kprobe === undefined
    ? undefined
    : { reason: `${fentry.reason}; ${kprobe.reason}`, ...((kprobe.remedy ?? fentry.remedy) && { remedy: kprobe.remedy ?? fentry.remedy }) };
}

/** The libbpf backend, which also needs what its tool attaches to: it has no tracepoint to fall back on. */
function libbpfTcpconnlat(tracefs: Tracefs): BackendDefinition {
  const backend = libbpfBackend({
    probe: 'tcpconnect',
    tool: 'tcpconnlat',
    parser: 'tcpconnect',
    flags: { pid: pidFlag },
    ready: READY,
    tracepoints: [],
    needsBtf: true,
    tracefs,
  });
  return { ...backend, unavailable: (facts) => backend.unavailable(facts) ?? fentryOrKprobe(facts) };
}

export function tcpconnectProbe(tracefs: Tracefs = hostTracefs()): ProbeDefinition {
  return {
    name: 'tcpconnect',
    description: 'TCP connects: the connecting process, both ends, the handshake time and whether it was established, refused or timed out',
    // bpftrace first: only probectl's program says how a connect ended, and it needs no kprobes. The stock tools' tcpconnlat
    // comes next, for its latency; tcpconnect is parsed (probectl parse tcpconnect) but not run.
    backends: [
      bpftraceBackend({ name: 'tcpconnect', parser: 'tcpconnect', tracepoints: [TRACEPOINT], tracepointNeedsBtf: true, output: 'events', tracefs }),
      libbpfTcpconnlat(tracefs),
      bccBackend({
        probe: 'tcpconnect',
        tool: 'tcpconnlat',
        parser: 'tcpconnect',
        flags: { pid: pidFlag },
        ready: READY,
        readsStructs: 'struct sock (family, addresses, ports)',
        attach: (facts) => needsAttach(facts, 'kprobe', `tcpconnlat-bpfcc attaches kprobes to ${KERNEL_FUNCTIONS}`),
      }),
    ],
  };
}

export const tcpconnectProbeDefinition = tcpconnectProbe();
