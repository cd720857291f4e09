// Capture cases for tcpconnect: probectl's program over loopback connects (established and refused, IPv4 and IPv6), and the stock tools failing here.
import type { Implementation } from '../../../src/events/index.js';
import { peerArgv } from '../../../src/lab/index.js';
import { captureCommand } from '../capture.js';
import type { CaptureCase } from '../capture-case.js';
import type { Workload } from '../workloads/index.js';
import { NO_KPROBES } from './common.js';
import { PROBECTL_NOTE, probectlProgram } from './probectl-program.js';

const OPEN_PORT = 5012;
const CLOSED_PORT = 5013;
const TIMEOUT_MS = 10_000;
const NO_KPROBES_OR_FENTRY =
  'This kernel has no kprobes (CONFIG_KPROBES off) and refuses fentry programs: the tool fails to attach; its error output is the recording.';
const NO_HEADERS =
  'No kernel headers for this kernel (none installed at /lib/modules/$(uname -r)): BCC cannot compile the tool; its error output is the recording.';

/** Runs one peer to its end (a server: until its workload is done and it exits); true when it exited 0. */
async function peer(argv: string[], server?: { ready: RegExp; workload: () => Promise<unknown> }): Promise<boolean> {
  const result = await captureCommand({ argv, durationMs: server === undefined ? 30_000 : 0, readyTimeoutMs: 10_000, settleMs: 5_000, ...server });
  return result.exitCode === 0;
}

const send = (host: string, port: number) => peerArgv({ mode: 'send', host, port, localPort: 0, request: 1024, reply: 1024, timeoutMs: TIMEOUT_MS });

/** A server on host:OPEN_PORT for `connections`, and that many clients to it, one after another; then `refused` clients to CLOSED_PORT. */
async function connects(host: string, connections: number, refused: number): Promise<void> {
  let accepted = 0;
  const serve = peerArgv({ mode: 'serve', host, port: OPEN_PORT, connections, request: 1024, reply: 1024, timeoutMs: TIMEOUT_MS, deadlineMs: 30_000 });
  const served = await peer(serve, {
    ready: /listening/,
    workload: async () => {
      for (let i = 0; i < connections; i++) if (await peer(send(host, OPEN_PORT))) accepted++;
    },
  });
  if (!served || accepted !== connections) throw new Error(`on ${host}: ${accepted} of ${connections} connections completed`);
  for (let i = 0; i < refused; i++) if (await peer(send(host, CLOSED_PORT))) throw new Error(`a connect to ${host}:${CLOSED_PORT} was not refused`);
}

export const loopbackConnects: Workload = {
  describe:
    `Client processes (comm "pctl-cli"), one after another: 3 connects to a server (comm "pctl-srv") on 127.0.0.1:${OPEN_PORT}, which completed an exchange ` +
    `of 1024 bytes each way, then 2 to 127.0.0.1:${CLOSED_PORT}, where nothing listens (refused); then 1 to a server on [::1]:${OPEN_PORT} and 1 to [::1]:${CLOSED_PORT} (refused).`,
  async run() {
    await connects('127.0.0.1', 3, 2);
    await connects('::1', 1, 1);
  },
};

const tcpconnect = (name: string, impl: Implementation, tool: string, argv: CaptureCase['argv'], extra: Partial<CaptureCase> = {}): CaptureCase => ({
  probe: 'tcpconnect',
  name,
  parser: 'tcpconnect',
  impl,
  tool,
  argv,
  ready: /(?:DPORT|LAT\(ms\))\n/,
  workload: loopbackConnects,
  ...extra,
});

export const tcpconnectCases: CaptureCase[] = [
  tcpconnect('probectl', 'bpftrace', 'probectl-tcpconnect.bt', () => probectlProgram('tcpconnect', { comm: 'pctl-cli' }), {
    ready: /^PROBECTL tcpconnect v1$/m,
    note: PROBECTL_NOTE,
  }),
  tcpconnect('libbpf-tcpconnect', 'libbpf', 'tcpconnect', ['/usr/sbin/tcpconnect'], { note: NO_KPROBES_OR_FENTRY }),
  tcpconnect('libbpf-tcpconnlat', 'libbpf', 'tcpconnlat', ['/usr/sbin/tcpconnlat', '-L'], { note: NO_KPROBES_OR_FENTRY }),
  tcpconnect('bpftrace', 'bpftrace', 'tcpconnect.bt', ['bpftrace', '/usr/sbin/tcpconnect.bt'], { note: NO_KPROBES }),
  tcpconnect('bcc-noheaders', 'bcc', 'tcpconnect', ['tcpconnect-bpfcc'], { note: NO_HEADERS }),
  tcpconnect('bcc-tcpconnlat-noheaders', 'bcc', 'tcpconnlat', ['tcpconnlat-bpfcc'], { note: NO_HEADERS }),
];
