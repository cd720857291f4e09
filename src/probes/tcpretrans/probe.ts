// tcpretrans: TCP retransmits, from probectl's tcpretrans.bt or BCC's tcpretrans.
import { bccBackend } from '../../plan/backends/bcc-backend.js';
import { bpftraceBackend } from '../../plan/backends/bpftrace-backend.js';
import { needsAttach } from '../../plan/backends/attach-needs.js';
import { familyFlag } from '../../plan/backends/tool-flags.js';
import type { ProbeDefinition } from '../../plan/catalog.js';
import { hostTracefs, type Tracefs } from '../../plan/tracefs.js';

const TRACEPOINT = 'tcp/tcp_retransmit_skb';
const NO_OWNER =
  'retransmits are sent from timers and softirqs, not by the process that owns the socket (the flow view joins it with the session by address and port to find it)';

export function tcpretransProbe(tracefs: Tracefs = hostTracefs()): ProbeDefinition {
  return {
    name: 'tcpretrans',
    description: 'TCP retransmits: addresses, ports and socket state, one event per retransmitted packet',
    filterNotes: { pid: NO_OWNER, comm: NO_OWNER, failed: 'a retransmit is not a call that can fail' },
    backends: [
      bpftraceBackend({ name: 'tcpretrans', parser: 'tcpretrans', tracepoints: [TRACEPOINT], tracepointNeedsBtf: false, output: 'events', tracefs }),
      bccBackend({
        probe: 'tcpretrans',
        tool: 'tcpretrans',
        parser: 'tcpretrans',
        flags: { family: familyFlag },
        ready: /^TIME +PID +IP +LADDR:LPORT/m,
        // Even on the tracepoint it takes the family, addresses and state from struct sock_common, and -s reads skb->cb.
        readsStructs: 'struct sock_common (family, addresses, state)',
        attach: (facts) =>
          tracefs.has(TRACEPOINT)
            ? needsAttach(facts, 'tracepoint', 'tcpretrans-bpfcc uses the tracepoint tcp:tcp_retransmit_skb where it exists')
            : needsAttach(facts, 'kprobe', 'without the tracepoint tcp:tcp_retransmit_skb, tcpretrans-bpfcc attaches a kprobe to tcp_retransmit_skb'),
      }),
    ],
  };
}

export const tcpretransProbeDefinition = tcpretransProbe();
