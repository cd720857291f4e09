// Capture cases for tcplife on loopback connections: libbpf-tools, stock tcplife.bt, BCC with each flag and without headers, and probectl's program.
import type { Implementation } from '../../../src/events/index.js';
import type { CaptureCase } from '../capture-case.js';
import { kernelHeaders } from '../fixtures.js';
import { LOOPBACK, loopbackTcp } from '../workloads/index.js';
import { NO_KPROBES, STALE_HEADERS } from './common.js';
import { PROBECTL_NOTE, probectlProgram } from './probectl-program.js';

const TCPLIFE_BCC_NOTE = `${STALE_HEADERS}: struct offsets wrong, tx_kb/rx_kb not the real byte counts (each connection moved 1048576 bytes one way and 65536 the other).`;

// Both ends of the loopback connections, so the capture shows the workload's sessions and nothing else.
const loopbackPorts = [LOOPBACK.port, ...LOOPBACK.clientPorts].join(',');
const portFilter = ['-L', loopbackPorts, '-D', loopbackPorts];
const tcplife = (name: string, impl: Implementation, tool: string, argv: CaptureCase['argv'], extra: Partial<CaptureCase> = {}): CaptureCase => ({
  probe: 'tcplife',
  name,
  parser: 'tcplife',
  impl,
  tool,
  argv,
  ready: /MS\n/,
  workload: loopbackTcp,
  ...extra,
});
const bccTcplife = (name: string, flags: string[]) =>
  tcplife(name, 'bcc', 'tcplife', ['tcplife-bpfcc', ...flags, ...portFilter], { needs: [kernelHeaders], note: TCPLIFE_BCC_NOTE });

export const tcplifeCases: CaptureCase[] = [
  tcplife('libbpf-default', 'libbpf', 'tcplife', ['/usr/sbin/tcplife', ...portFilter]),
  tcplife('libbpf-T', 'libbpf', 'tcplife', ['/usr/sbin/tcplife', '-T', ...portFilter]),
  tcplife('libbpf-w', 'libbpf', 'tcplife', ['/usr/sbin/tcplife', '-w', ...portFilter]),
  tcplife('bpftrace', 'bpftrace', 'tcplife.bt', ['bpftrace', '/usr/sbin/tcplife.bt'], { note: NO_KPROBES }),
  bccTcplife('bcc-default', []),
  bccTcplife('bcc-T', ['-T']),
  bccTcplife('bcc-t', ['-t']),
  bccTcplife('bcc-w', ['-w']),
  bccTcplife('bcc-csv', ['-s']),
  bccTcplife('bcc-stT', ['-stT']),
  tcplife('bcc-noheaders', 'bcc', 'tcplife', ['tcplife-bpfcc', ...portFilter], {
    note: 'No kernel headers for this kernel (none installed at /lib/modules/$(uname -r)): BCC cannot compile the tool; its error output is the recording.',
  }),
  tcplife('probectl', 'bpftrace', 'probectl-tcplife.bt', () => probectlProgram('tcplife', { port: LOOPBACK.port }), {
    ready: /^PROBECTL tcplife v1$/m,
    note: PROBECTL_NOTE,
  }),
];
