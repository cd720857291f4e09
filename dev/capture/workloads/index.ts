// The workloads captures run once the tool is ready: the file opener beside this file, and the lab's TCP peers and traffic (src/lab).
import { fileURLToPath } from 'node:url';
import { LAB, labTraffic, peerArgv } from '../../../src/lab/index.js';
import { captureCommand, type CaptureOptions } from '../capture.js';

export interface Workload {
  /** One sentence for meta.workload. */
  readonly describe: string;
  /** Does it; may return facts measured on the way (e.g. a drop counter) to add to the sentence. */
  run(): Promise<string | void>;
}

const script = (name: string) => fileURLToPath(new URL(`./${name}.js`, import.meta.url));
const node = (name: string, ...args: (string | number)[]) => [process.execPath, script(name), ...args.map(String)];

/** Runs a command to completion (or until it is stopped after timeoutMs) and fails unless it exits 0. */
async function runChecked(argv: string[], options: Partial<CaptureOptions> = {}): Promise<void> {
  const result = await captureCommand({ argv, durationMs: 30_000, ...options });
  if (options.ready !== undefined && result.readyAt === undefined) throw new Error(`${argv.join(' ')} never became ready: ${result.stderr.toString().trim()}`);
  if (result.exitCode !== 0) throw new Error(`${argv.join(' ')} ended with ${result.exitCode ?? result.signal}: ${result.stderr.toString().trim()}`);
}

export const openFiles: Workload = {
  describe:
    'A node process with comm "pctl-open" opened, once each and in this order: /etc/hostname, /etc/passwd, /etc/pctl-missing.conf (missing: ENOENT), ' +
    'hostname relative to /etc, the directory /etc, and "/tmp/pctl-open with space.txt" created with O_WRONLY|O_CREAT|O_TRUNC (then removed); ' +
    'then /dev/zero, read with 13 read() calls of 1, 2, 4, ... 4096 bytes.',
  run: () => runChecked(node('open-files')),
};

export const openStorm: Workload = {
  describe:
    'A node process with comm "pctl-storm" opened and closed /etc/hostname as fast as it could for one second, waited one second, then opened it ten more times, 50 ms apart.',
  run: () => runChecked(node('open-storm')),
};

interface Transfer {
  localPort: number;
  request: number;
  reply: number;
}

const TIMEOUT_MS = 20_000;

/** On 127.0.0.1: a server that expects `transfers.length` connections, and one client per transfer, one after another. */
async function serveAndSend(port: number, transfers: Transfer[]): Promise<void> {
  const first = transfers[0];
  if (first === undefined) return;
  const host = '127.0.0.1';
  const sendAll = async () => {
    for (const t of transfers)
      await runChecked(peerArgv({ mode: 'send', host, port, localPort: t.localPort, request: t.request, reply: t.reply, timeoutMs: TIMEOUT_MS }));
  };
  // Every transfer of one run moves the same byte counts: the server takes them from the first.
  const serve = peerArgv({
    mode: 'serve',
    host,
    port,
    connections: transfers.length,
    request: first.request,
    reply: first.reply,
    timeoutMs: TIMEOUT_MS,
    deadlineMs: 60_000,
  });
  await runChecked(serve, { ready: /listening/, readyTimeoutMs: 10_000, workload: sendAll, durationMs: 0, settleMs: 5_000 });
}

export const LOOPBACK = { port: 5002, clientPorts: [5003, 5004] } as const;

export const loopbackTcp: Workload = {
  describe:
    `Two TCP connections on 127.0.0.1, one after the other, from client ports ${LOOPBACK.clientPorts.join(' and ')} (comm "pctl-cli") to a server on port ${LOOPBACK.port} (comm "pctl-srv"): ` +
    'each client sent 1048576 bytes, the server replied 65536 bytes and closed first.',
  run: () =>
    serveAndSend(
      LOOPBACK.port,
      LOOPBACK.clientPorts.map((localPort) => ({ localPort, request: 1_048_576, reply: 65_536 })),
    ),
};

const LOSSY_BYTES = 8 * 1_048_576;
const { client, server, port } = LAB;

export const lossyTcp: Workload = {
  describe:
    `In namespace ${client.netns} a client (comm "pctl-cli", ${client.addr}) sent ${LOSSY_BYTES} bytes over one TCP connection to a server in ${server.netns} ` +
    `(comm "pctl-srv", ${server.addr}:${port}), whose nftables input rule dropped ~5 % of packets to port ${port} with a counter; the server replied 65536 bytes.`,
  async run() {
    const traffic = await labTraffic({ connections: 1, bytes: LOSSY_BYTES, reply: 65_536, timeout: 30 });
    const failed = traffic.connections.find((c) => !c.ok);
    if (!traffic.complete) throw new Error(`lab traffic failed: ${failed?.errors.join('; ') ?? 'incomplete'}`);
    return `The nftables counter dropped ${traffic.nft_drops.during.packets} packets.`;
  },
};
