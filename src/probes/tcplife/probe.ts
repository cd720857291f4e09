// tcplife: TCP sessions with bytes and lifetime, from probectl's tcplife.bt, libbpf-tools' tcplife or BCC's tcplife.
import { bccBackend } from '../../plan/backends/bcc-backend.js';
import { bpftraceBackend } from '../../plan/backends/bpftrace-backend.js';
import { libbpfBackend } from '../../plan/backends/libbpf-backend.js';
import { needsAttach } from '../../plan/backends/attach-needs.js';
import { familyFlag, localPortFlag, pidFlag, remotePortFlag } from '../../plan/backends/tool-flags.js';
import type { ProbeDefinition } from '../../plan/catalog.js';
import { hostTracefs, type Tracefs } from '../../plan/tracefs.js';

const TRACEPOINT = 'sock/inet_sock_set_state';
const flags = { pid: pidFlag, lport: localPortFlag, rport: remotePortFlag, family: familyFlag };

export function tcplifeProbe(tracefs: Tracefs = hostTracefs()): ProbeDefinition {
  return {
    name: 'tcplife',
    description: 'TCP sessions as they close: addresses, ports, bytes each way, lifetime, owning process',
    filterNotes: { failed: 'a session is not a call that can fail' },
    // bpftrace first: libbpf-tools 0.26 tcplife gives accepted sessions the client's pid and comm (measured on
    // loopback, docs/probes.md); probectl's program records the owner from connect() and close() instead.
    backends: [
      bpftraceBackend({ name: 'tcplife', parser: 'tcplife', tracepoints: [TRACEPOINT], tracepointNeedsBtf: true, output: 'events', tracefs }),
      libbpfBackend({
        probe: 'tcplife',
        tool: 'tcplife',
        parser: 'tcplife',
        flags,
        ready: /^PID +COMM +LADDR/m,
        tracepoints: [TRACEPOINT],
        needsBtf: true,
        tracefs,
      }),
      bccBackend({
        probe: 'tcplife',
        tool: 'tcplife',
        parser: 'tcplife',
        flags,
        ready: /^PID +COMM +LADDR/m,
        readsStructs: 'struct tcp_sock (bytes_acked, bytes_received)',
        attach: (facts) =>
          tracefs.has(TRACEPOINT)
            ? needsAttach(facts, 'tracepoint', 'tcplife-bpfcc uses the tracepoint sock:inet_sock_set_state where it exists')
            : needsAttach(facts, 'kprobe', 'without the tracepoint sock:inet_sock_set_state, tcplife-bpfcc attaches a kprobe to tcp_set_state'),
      }),
    ],
  };
}

export const tcplifeProbeDefinition = tcplifeProbe();
