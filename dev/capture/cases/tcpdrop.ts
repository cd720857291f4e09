// Capture cases for tcpdrop on the lossy lab: stock tcpdrop.bt without and with headers, BCC, and probectl's program.
import { LAB } from '../../../src/lab/index.js';
import type { CaptureCase } from '../capture-case.js';
import { kernelHeaders, lossyNetwork } from '../fixtures.js';
import { lossyTransfer, STALE_HEADERS } from './common.js';
import { PROBECTL_NOTE, probectlProgram } from './probectl-program.js';

export const tcpdropCases: CaptureCase[] = [
  {
    probe: 'tcpdrop',
    name: 'bpftrace',
    parser: 'tcpdrop',
    impl: 'bpftrace',
    tool: 'tcpdrop.bt',
    argv: ['bpftrace', '/usr/sbin/tcpdrop.bt'],
    ready: /DADDR:DPORT/,
    needs: [lossyNetwork],
    ...lossyTransfer,
    note: 'tcpdrop.bt (0.17) traces tracepoint:skb:kfree_skb, which this kernel has, but bpftrace 0.17 falls back to kernel headers for this script (net/sock.h), and this kernel has none: it fails before attaching; its error output is the recording.',
  },
  {
    probe: 'tcpdrop',
    name: 'bpftrace-headers',
    parser: 'tcpdrop',
    impl: 'bpftrace',
    tool: 'tcpdrop.bt',
    argv: ['bpftrace', '/usr/sbin/tcpdrop.bt'],
    ready: /DADDR:DPORT/,
    needs: [kernelHeaders, lossyNetwork],
    ...lossyTransfer,
    note: `${STALE_HEADERS}: bpftrace reads struct sk_buff and struct sock through them. What it printed from them (addresses, ports, state) matched the workload here, and its rows numbered as many as the nftables counter.`,
  },
  {
    probe: 'tcpdrop',
    name: 'bcc',
    parser: 'tcpdrop',
    impl: 'bcc',
    tool: 'tcpdrop',
    argv: ['tcpdrop-bpfcc'],
    ready: /STATE \(FLAGS\)/,
    needs: [kernelHeaders, lossyNetwork],
    ...lossyTransfer,
    note: `${STALE_HEADERS}. BCC 0.26 tcpdrop looks for kprobe functions before choosing the tracepoint, and crashes reading /sys/kernel/debug/kprobes/blacklist, which a kernel without kprobes lacks; its error output is the recording.`,
  },
  {
    probe: 'tcpdrop',
    name: 'probectl',
    parser: 'tcpdrop',
    impl: 'bpftrace',
    tool: 'probectl-tcpdrop.bt',
    ready: /^PROBECTL tcpdrop v1$/m,
    needs: [lossyNetwork],
    ...lossyTransfer,
    note: `${PROBECTL_NOTE} Its reason names are the running kernel's, from /sys/kernel/tracing/events/skb/kfree_skb/format.`,
    argv: () => probectlProgram('tcpdrop', { port: LAB.port }),
  },
];
