// Capture cases for tcpretrans on the lossy lab: BCC with each flag, stock tcpretrans.bt, and probectl's program.
import { LAB } from '../../../src/lab/index.js';
import type { CaptureCase } from '../capture-case.js';
import { kernelHeaders, lossyNetwork } from '../fixtures.js';
import { lossyTransfer, NO_KPROBES, STALE_HEADERS } from './common.js';
import { PROBECTL_NOTE, probectlProgram } from './probectl-program.js';

const TCPRETRANS_BCC_NOTE = `${STALE_HEADERS}: what it reads through struct sock (addresses, ports, state) matched the workload here; SEQ (-s) comes from skb->cb through the same headers and is not verified.`;

const bccTcpretrans = (name: string, flags: string[], extra: Partial<CaptureCase> = {}): CaptureCase => ({
  probe: 'tcpretrans',
  name,
  parser: 'tcpretrans',
  impl: 'bcc',
  tool: 'tcpretrans',
  argv: ['tcpretrans-bpfcc', ...flags],
  ready: /Hit Ctrl-C to end/,
  needs: [kernelHeaders, lossyNetwork],
  note: TCPRETRANS_BCC_NOTE,
  ...lossyTransfer,
  ...extra,
});

export const tcpretransCases: CaptureCase[] = [
  bccTcpretrans('bcc-default', []),
  bccTcpretrans('bcc-seq', ['-s']),
  bccTcpretrans('bcc-count', ['-c'], { note: `${TCPRETRANS_BCC_NOTE} -c prints its table only when stopped with SIGINT.` }),
  bccTcpretrans('bcc-lossprobe', ['-l'], { note: `${STALE_HEADERS}. -l attaches a kprobe to tcp_send_loss_probe. ${NO_KPROBES}` }),
  {
    probe: 'tcpretrans',
    name: 'bpftrace',
    parser: 'tcpretrans',
    impl: 'bpftrace',
    tool: 'tcpretrans.bt',
    argv: ['bpftrace', '/usr/sbin/tcpretrans.bt'],
    ready: /STATE\n/,
    needs: [lossyNetwork],
    ...lossyTransfer,
    note: NO_KPROBES,
  },
  {
    probe: 'tcpretrans',
    name: 'probectl',
    parser: 'tcpretrans',
    impl: 'bpftrace',
    tool: 'probectl-tcpretrans.bt',
    ready: /^PROBECTL tcpretrans v1$/m,
    needs: [lossyNetwork],
    ...lossyTransfer,
    note: PROBECTL_NOTE,
    argv: () => probectlProgram('tcpretrans', { port: LAB.port }),
  },
];
