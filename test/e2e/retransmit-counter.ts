// Ground truth for tcpretrans: an independent in-kernel count of tcp:tcp_retransmit_skb on one port within one /24, by a bpftrace one-liner of its own.
import { spawn } from 'node:child_process';
import { termWhileForgetting } from '../../src/run/stop.js';

export interface RetransmitCounter {
  /** Stops the count (SIGINT: bpftrace prints its map; SIGTERM if it forgets that) and returns it. */
  stop(): Promise<number>;
}

/**
 * Counts the retransmits of connections on port whose two IPv4 addresses are both in network/24 (so that other tests'
 * traffic on the same port does not count). The tracepoint's sport and dport are in host byte order, saddr and daddr
 * are the four bytes of each address (see its format in tracefs). Resolves once the count is attached (its BEGIN line is out).
 */
export async function countRetransmits(port: number, network: string, readyMs = 30_000): Promise<RetransmitCounter> {
  const [a, b, c] = network.split('.').map(Number);
  const within = (field: string) => `args->${field}[0] == ${a} && args->${field}[1] == ${b} && args->${field}[2] == ${c}`;
  const program = `BEGIN { printf("counting\\n"); } tracepoint:tcp:tcp_retransmit_skb /(args->dport == ${port} || args->sport == ${port}) && args->family == 2 && ${within('saddr')} && ${within('daddr')}/ { @n = count(); }`;
  const child = spawn('bpftrace', ['-e', program], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let isClosed = false;
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => ((isClosed = true), resolve(code))));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => (child.kill('SIGKILL'), reject(new Error(`the retransmit count was not attached within ${readyMs} ms: ${stderr}`))),
      readyMs,
    );
    child.stdout.on('data', () => stdout.includes('counting\n') && (clearTimeout(timer), resolve()));
    void closed.then((code) => (clearTimeout(timer), reject(new Error(`the retransmit count ended (${code}) before it was attached: ${stderr}`))));
  });
  return {
    async stop() {
      child.kill('SIGINT');
      void termWhileForgetting(child.pid!, () => isClosed);
      const code = await closed;
      if (code !== 0) throw new Error(`the retransmit count ended with ${code}: ${stderr}`);
      const counted = /^@n: (\d+)$/m.exec(stdout);
      return counted === null ? 0 : Number(counted[1]); // no retransmit: the map is empty and bpftrace prints nothing
    },
  };
}
