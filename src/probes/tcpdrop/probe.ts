// tcpdrop: TCP packets the kernel dropped and why, from probectl's tcpdrop.bt or BCC's tcpdrop.
import { bccBackend } from '../../plan/backends/bcc-backend.js';
import { bpftraceBackend } from '../../plan/backends/bpftrace-backend.js';
import { needsAttach } from '../../plan/backends/attach-needs.js';
import { familyFlag } from '../../plan/backends/tool-flags.js';
import type { ProbeDefinition } from '../../plan/catalog.js';
import { hostTracefs, type Tracefs } from '../../plan/tracefs.js';
import { hasField, parseDropReasons } from './drop-reasons.js';

const TRACEPOINT = 'skb/kfree_skb';
const NO_OWNER = "most drops happen in softirq context, where the task on the CPU is not the socket's owner";
const DIRECTION = "a dropped packet may be incoming or outgoing, so its ports are the packet's source and destination, not local and remote: use --port";

export function tcpdropProbe(tracefs: Tracefs = hostTracefs()): ProbeDefinition {
  return {
    name: 'tcpdrop',
    description: "TCP packets the kernel dropped, with the running kernel's drop reason, addresses from the packet itself",
    filterNotes: { pid: NO_OWNER, comm: NO_OWNER, lport: DIRECTION, rport: DIRECTION, failed: 'a drop is not a call that can fail' },
    backends: [
      bpftraceBackend({
        name: 'tcpdrop',
        parser: 'tcpdrop',
        tracepoints: [TRACEPOINT],
        tracepointNeedsBtf: true,
        output: 'events',
        tracepointBlocker(fs) {
          const format = fs.format(TRACEPOINT);
          if (format === undefined) return `the format of skb:kfree_skb cannot be read (it holds the kernel's drop-reason names)`;
          return hasField(format, 'reason') ? undefined : "this kernel's skb:kfree_skb has no reason field (Linux 5.17 added it)";
        },
        // Older kernels' tracepoint has no rx_sk: the socket then comes from skb->sk alone.
        adapt: (script, fs) => (hasField(fs.format(TRACEPOINT) ?? '', 'rx_sk') ? script : script.replace('(struct sock *)args->rx_sk', '(struct sock *)0')),
        reasons: (fs) => parseDropReasons(fs.format(TRACEPOINT) ?? ''),
        tracefs,
      }),
      bccBackend({
        probe: 'tcpdrop',
        tool: 'tcpdrop',
        parser: 'tcpdrop',
        flags: { family: familyFlag },
        ready: /^TIME +PID +IP +SADDR:SPORT/m,
        readsStructs: 'struct sock and struct sk_buff (addresses, ports, state, TCP flags)',
        attach: (facts) =>
          needsAttach(
            facts,
            'kprobe',
            'tcpdrop-bpfcc looks for tcp_drop among the kprobe functions first, which fails without kprobes (no /sys/kernel/debug/kprobes/blacklist)',
          ),
      }),
    ],
  };
}

export const tcpdropProbeDefinition = tcpdropProbe();
