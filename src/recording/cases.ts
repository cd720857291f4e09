// The recordings this project captures on its lab machine: one entry a recordings/<probe>/<name>/ directory.
import { readFileSync } from 'node:fs';
import type { Implementation } from '../events/index.js';
import { kernelHeaders, lossyNetwork, type Fixture } from './fixtures.js';
import { probectlCases } from './probectl-cases.js';
import { xdpcountCases } from './xdpcount-cases.js';
import { LOOPBACK, loopbackTcp, lossyTcp, openFiles, openStorm, type Workload } from './workloads/index.js';

export interface CaptureCase {
  /** recordings/<probe>/<name>; also meta.probe. */
  probe: string;
  name: string;
  /** meta.parser: the parser that reads it. */
  parser: string;
  impl: Implementation;
  /** The tool as users know it (meta.tool.name). */
  tool: string;
  /** The tool's command line (a function when it reads the machine); the runner adds stdbuf -oL for C tools and PYTHONUNBUFFERED for BCC. */
  argv: string[] | (() => string[]);
  /** What on stdout or stderr says the tool is ready (its header or banner). */
  ready: RegExp;
  /** How long the tool runs once ready (default 1500 ms), and at least until the workload is done. */
  durationMs?: number;
  needs?: Fixture[];
  workload?: Workload;
  note?: string;
  /** The tool exits at end of stdin: give it a pipe held open (the xdpcount loaders). */
  stdinPipe?: boolean;
  /** meta.tool.version when it is not the package of its implementation's tools (probectl's own loaders: the library's). */
  version?: () => string;
}

const STALE_HEADERS = 'Kernel headers 6.1 (linux-headers-amd64) linked as /lib/modules/$(uname -r)/{build,source} behind kernel 6.18 for this capture only';
const TCPLIFE_BCC_NOTE = `${STALE_HEADERS}: struct offsets wrong, tx_kb/rx_kb not the real byte counts (each connection moved 1048576 bytes one way and 65536 the other).`;
const TCPRETRANS_BCC_NOTE = `${STALE_HEADERS}: what it reads through struct sock (addresses, ports, state) matched the workload here; SEQ (-s) comes from skb->cb through the same headers and is not verified.`;
const NO_KPROBES = 'This kernel has no kprobes (CONFIG_KPROBES off): the tool fails to attach; its error output is the recording.';

const opensnoop = (name: string, impl: Implementation, tool: string, argv: CaptureCase['argv'], extra: Partial<CaptureCase> = {}): CaptureCase => ({
  probe: 'opensnoop',
  name,
  parser: 'opensnoop',
  impl,
  tool,
  argv,
  ready: /PATH\n/,
  workload: openFiles,
  ...extra,
});
const libbpfOpensnoop = (name: string, flags: string[]) => opensnoop(name, 'libbpf', 'opensnoop', ['/usr/sbin/opensnoop', ...flags, '-n', 'pctl-open']);

/** Stock opensnoop.bt with a comm predicate on its sys_enter probes; its output statements are untouched. */
function opensnoopBtForWorkload(): string[] {
  const stock = readFileSync('/usr/sbin/opensnoop.bt', 'utf8');
  const filtered = stock.replace(/(tracepoint:syscalls:sys_enter_openat\s*\n)\{/, '$1/comm == "pctl-open"/\n{');
  if (filtered === stock) throw new Error('/usr/sbin/opensnoop.bt has changed: no sys_enter_openat probe block to filter');
  return ['bpftrace', '-e', filtered];
}

// Both ends of the loopback connections, so the capture shows the workload's sessions and nothing else.
const loopbackPorts = [LOOPBACK.port, ...LOOPBACK.clientPorts].join(',');
const portFilter = ['-L', loopbackPorts, '-D', loopbackPorts];
const tcplife = (name: string, impl: Implementation, tool: string, argv: string[], extra: Partial<CaptureCase> = {}): CaptureCase => ({
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

const lossy = { workload: lossyTcp, durationMs: 1000 };
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
  ...lossy,
  ...extra,
});

// A one-liner that exercises printf, a map with tuple keys, hist, lhist and stats on the openFiles workload.
const ONE_LINER = [
  'BEGIN { printf("pctl: tracing pctl-open\\n"); }',
  'tracepoint:syscalls:sys_exit_openat /comm == "pctl-open"/ { printf("openat by %s returned %d\\n", comm, args->ret); @opens[comm, args->ret >= 0] = count(); }',
  'tracepoint:syscalls:sys_exit_read /comm == "pctl-open"/ { @read_sizes[comm, args->ret] = count(); @read_hist = hist(args->ret); @read_lhist = lhist(args->ret, 0, 4096, 512); @read_stats = stats(args->ret); }',
].join('\n');
const bpftraceGeneric = (name: string, flags: string[]): CaptureCase => ({
  probe: 'bpftrace',
  name,
  parser: 'bpftrace',
  impl: 'bpftrace',
  tool: 'bpftrace',
  argv: ['bpftrace', ...flags, '-e', ONE_LINER],
  ready: /pctl: tracing/,
  workload: openFiles,
});

export const cases: CaptureCase[] = [
  libbpfOpensnoop('libbpf-default', []),
  libbpfOpensnoop('libbpf-T', ['-T']),
  libbpfOpensnoop('libbpf-U', ['-U']),
  libbpfOpensnoop('libbpf-e', ['-e']),
  libbpfOpensnoop('libbpf-x', ['-x']),
  libbpfOpensnoop('libbpf-TUe', ['-TUe']),
  opensnoop(
    'libbpf-lost',
    'libbpf',
    'opensnoop',
    ['sh', '-c', 'stdbuf -oL /usr/sbin/opensnoop -n pctl-storm | { IFS= read -r header; printf "%s\\n" "$header"; sleep 1.5; exec cat; }'],
    {
      workload: openStorm,
      durationMs: 7000,
      note:
        'libbpf opensnoop behind a reader that passes its header on, then waits 1.5 s before it reads on: the pipe fills, opensnoop blocks, ' +
        'its perf buffer overflows and it reports "Lost N events on CPU #M" on stderr. The rows are the ones that got through.',
    },
  ),
  opensnoop('bpftrace', 'bpftrace', 'opensnoop.bt', opensnoopBtForWorkload, {
    note:
      'The script is /usr/sbin/opensnoop.bt with one line added, the predicate /comm == "pctl-open"/ on its sys_enter probes: the stock script has no filter, ' +
      "and this machine is shared, so other processes' opens would fill the capture. Its BEGIN, printf and END statements are unchanged.",
  }),
  opensnoop('bcc', 'bcc', 'opensnoop', ['opensnoop-bpfcc', '-n', 'pctl-open'], {
    needs: [kernelHeaders],
    note: `${STALE_HEADERS}. BCC opensnoop tries fentry/kfunc first, and this kernel refuses fentry loads: the tool fails; its error output is the recording.`,
  }),

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
    ...lossy,
    note: NO_KPROBES,
  },

  {
    probe: 'tcpdrop',
    name: 'bpftrace',
    parser: 'tcpdrop',
    impl: 'bpftrace',
    tool: 'tcpdrop.bt',
    argv: ['bpftrace', '/usr/sbin/tcpdrop.bt'],
    ready: /DADDR:DPORT/,
    needs: [lossyNetwork],
    ...lossy,
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
    ...lossy,
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
    ...lossy,
    note: `${STALE_HEADERS}. BCC 0.26 tcpdrop looks for kprobe functions before choosing the tracepoint, and crashes reading /sys/kernel/debug/kprobes/blacklist, which a kernel without kprobes lacks; its error output is the recording.`,
  },

  bpftraceGeneric('text', []),
  bpftraceGeneric('json', ['-f', 'json']),

  ...probectlCases,
  ...xdpcountCases,
];
