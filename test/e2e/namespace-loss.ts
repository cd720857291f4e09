// Lossy traffic inside a namespace test host: a counted nftables drop rule (every 20th packet to a port) and client/server connections there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startPeer } from '../../src/lab/peer-process.js';
import type { SshHost } from './ssh-hosts.js';

const TABLE = 'pcrunbook_loss';
const KiB = 1024;

const nft = (host: SshHost, ...args: string[]) => execFileSync('ip', ['netns', 'exec', host.netns, 'nft', ...args], { encoding: 'utf8' });

/** In the host's namespace, one counted rule on TCP to `port`: dropping every 20th packet (5 %), or only counting them. */
export function addRule(host: SshHost, port: number, action: 'drop' | 'count'): void {
  nft(host, 'add', 'table', 'inet', TABLE);
  nft(host, 'add', 'chain', 'inet', TABLE, 'input', '{ type filter hook input priority 0; }');
  const rule = action === 'drop' ? ['numgen', 'inc', 'mod', '20', '0', 'counter', 'drop'] : ['counter'];
  nft(host, 'add', 'rule', 'inet', TABLE, 'input', 'tcp', 'dport', String(port), ...rule);
}

/** The rule's packet counter, as the kernel keeps it. */
export function counted(host: SshHost): number {
  const listing = JSON.parse(nft(host, '-j', 'list', 'table', 'inet', TABLE)) as { nftables: { rule?: { expr: { counter?: { packets: number } }[] } }[] };
  const counter = listing.nftables.flatMap((o) => o.rule?.expr ?? []).find((e) => e.counter !== undefined)?.counter;
  assert.ok(counter !== undefined, `no counter in ${TABLE}`);
  return counter.packets;
}

/** Connections inside the host, to its own address and `port`: client and server both in its namespace. */
export async function traffic(host: SshHost, port: number, connections: number): Promise<void> {
  const exchange = { host: host.addr, port, request: 512 * KiB, reply: 16 * KiB, timeoutMs: 20_000 };
  const server = startPeer({ mode: 'serve', ...exchange, connections, deadlineMs: 60_000 }, { netns: host.netns, killAfterMs: 65_000 });
  try {
    await server.waitFor((m) => m.event === 'listening');
    for (let i = 0; i < connections; i++) {
      const client = startPeer({ mode: 'send', ...exchange, localPort: 0 }, { netns: host.netns, killAfterMs: 25_000 });
      const end = await client.ended;
      const report = end.messages.find((m) => m.event === 'connection');
      assert.ok(report !== undefined && report.error === undefined, `traffic in ${host.netns} failed: ${end.stderr} ${JSON.stringify(report)}`);
    }
    await server.ended;
  } finally {
    server.kill();
  }
}
